using System.Globalization;
using System.Text.RegularExpressions;

namespace Majster.Processes;

/// <summary>What <c>wrk --latency</c> printed: requests, requests per second, percentiles, non-2xx answers.</summary>
public sealed partial record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, long Non2xx)
{
    public static WrkResult Parse(string output)
    {
        double Percentile(string p) =>
            Milliseconds(Match(PercentileLine(), output, p) ?? throw new InvalidOperationException($"wrk printed no {p}% line:\n{output}"));

        return new WrkResult(
            long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile("50"), Percentile("90"), Percentile("99"),
            Non2xxLine().Match(output) is { Success: true } non2xx ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    private static string? Match(Regex regex, string output, string percentile) =>
        regex.Matches(output).FirstOrDefault(m => m.Groups[1].Value == percentile)?.Groups[2].Value;

    private static double Milliseconds(string value)
    {
        var unit = UnitSuffix().Match(value).Value;
        var number = double.Parse(value[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => throw new InvalidOperationException($"Unknown unit in wrk's '{value}'."),
        };
    }

    [GeneratedRegex(@"^\s+(\d+)%\s+([\d.]+[a-z]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PercentileLine();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"[a-z]+$")]
    private static partial Regex UnitSuffix();
}
