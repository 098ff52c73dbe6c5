using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Majster.Admin.Ui;

/// <summary>
/// Time zones by the name of their city in the person's language ("Warszawa" in Polish, "Warsaw" in English), from
/// the ICU data the runtime already carries. <see cref="TimeZoneInfo.DisplayName"/> cannot serve: the runtime builds
/// it once per process, in whichever language first asked.
/// </summary>
public static class ZoneNames
{
    private static readonly ConcurrentDictionary<(string Culture, string ZoneId), string> Cities = new();

    /// <summary>The zone's city in <paramref name="culture"/>'s language, else its IANA id's last part ("New York").</summary>
    public static string City(string zoneId, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(zoneId);
        ArgumentNullException.ThrowIfNull(culture);
        return Cities.GetOrAdd((culture.Name, zoneId), key => ExemplarCity(key.Culture, key.ZoneId) ?? FromId(key.ZoneId));
    }

    /// <summary>How a zone is shown where one is picked: "Warszawa (Europe/Warsaw)".</summary>
    public static string Shown(string zoneId, CultureInfo culture) =>
        City(zoneId, culture) is var city && city == zoneId ? zoneId : $"{city} ({zoneId})";

    private static string FromId(string zoneId) => zoneId[(zoneId.LastIndexOf('/') + 1)..].Replace('_', ' ');

    private static string? ExemplarCity(string culture, string zoneId)
    {
        if (!zoneId.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var buffer = new char[128];
        try
        {
            return GetTimeZoneDisplayName(culture, zoneId, ExemplarCityType, buffer, buffer.Length) == 0 && buffer[0] != '\0'
                ? new string(buffer, 0, Array.IndexOf(buffer, '\0') is var end and >= 0 ? end : buffer.Length)
                : null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>ICU's exemplar city, as the runtime's globalization shim names the kind of display name it returns.</summary>
    private const int ExemplarCityType = 4;

    /// <summary>The runtime's own ICU shim, which it uses to name time zones on Linux (0 = success).</summary>
    [DllImport("libSystem.Globalization.Native", EntryPoint = "GlobalizationNative_GetTimeZoneDisplayName", CharSet = CharSet.Unicode)]
    private static extern int GetTimeZoneDisplayName(string localeName, string timeZoneId, int type, [Out] char[] result, int resultLength);
}
