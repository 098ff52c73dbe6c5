using System.Globalization;

namespace Majster.Admin.Ui;

/// <summary>A duration as people say it: "45 ms", "4.2 s", "3 min 20 s", "2 h 5 min" (the units read the same in Polish).</summary>
public static class HumanDuration
{
    public static string Format(TimeSpan duration, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        var negative = duration < TimeSpan.Zero;
        duration = duration.Duration();
        var text = duration switch
        {
            _ when duration < TimeSpan.FromSeconds(1) => $"{Math.Round(duration.TotalMilliseconds).ToString("0", culture)} ms",
            _ when duration < TimeSpan.FromSeconds(10) => $"{Math.Round(duration.TotalSeconds, 1).ToString("0.#", culture)} s",
            _ when duration < TimeSpan.FromMinutes(1) => $"{Math.Round(duration.TotalSeconds).ToString("0", culture)} s",
            _ when duration < TimeSpan.FromHours(1) => Two((int)duration.TotalMinutes, "min", duration.Seconds, "s"),
            _ => Two((int)duration.TotalHours, "h", duration.Minutes, "min"),
        };
        return negative ? "−" + text : text;

        static string Two(int major, string majorUnit, int minor, string minorUnit) =>
            minor == 0 ? $"{major} {majorUnit}" : $"{major} {majorUnit} {minor} {minorUnit}";
    }
}
