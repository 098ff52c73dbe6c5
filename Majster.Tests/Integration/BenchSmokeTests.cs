using System.Globalization;
using System.Reflection;
using Majster.Processes;

namespace Majster.Tests.Integration;

/// <summary>
/// Keeps the benchmark compiling and working on tiny inputs (circuits: two tabs of each page in Debian's Chromium). It
/// asserts only that the work was done and reported, never a speed: figures come from running the bench by hand
/// (docs/benchmarks.md). The bench runs as a process, as it is run by hand.
/// </summary>
[Trait("Category", "Bench")]
public sealed class BenchSmokeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drain_DeliversEveryMessage_AndPrintsAResultLine_WhenRunOnFifty()
    {
        var result = await RunAsync("drain", "--n", "50", "--peer-n", "10", "--hangfire", "0");

        Assert.Equal("50", result["n"]);
        Assert.Equal("3", result["rounds"]);
        Assert.Equal(3, result["ours_vs_raw_rounds"].Split('/').Length);
        Assert.True(double.Parse(result["ours_per_s"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(result["raw_per_s"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(result["peak_rss_mib"], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Api_AnswersEveryRequest_AndPrintsAResultLine_WhenRunOnFifty()
    {
        var result = await RunAsync("api", "--requests", "50");

        Assert.Equal("50", result["requests"]);
        Assert.True(double.Parse(result["req_per_s"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(result["p99_ms"], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Scale_TimesEveryQuery_AndPrintsAResultLine_WhenRunOnAFewThousandRows()
    {
        var result = await RunAsync("scale", "--rows", "2000");

        Assert.Equal("2000", result["rows"]);
        foreach (var key in new[] { "claim", "compact", "counts", "errors", "overdue", "lateness", "metrics", "grid_user", "grid_user_status", "grid_admin", "grid_admin_status" })
        {
            Assert.True(double.Parse(result[key + "_p95_ms"], CultureInfo.InvariantCulture) >= 0, key);
        }
    }

    [Fact]
    public async Task Export_WritesEveryRow_AndPrintsAResultLine_WhenRunOnAFewThousandRows()
    {
        var result = await RunAsync("export", "--rows", "2000");

        Assert.Equal("2000", result["rows_written"]);
        Assert.True(double.Parse(result["mib_written"], CultureInfo.InvariantCulture) > 0.1);
        Assert.True(double.Parse(result["seconds"], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Circuits_OpensTabsOfEveryPageOnFreshApps_SeesAChange_AndPrintsAResultLine_WhenRunOnTwo()
    {
        var result = await RunAsync("circuits", "--page", "all", "--circuits", "2", "--window", "3", "--changes", "1");

        Assert.Equal("2", result["circuits"]);
        foreach (var page in new[] { "grid", "dashboard", "detail" })
        {
            Assert.True(double.Parse(result[page + "_rss_open_mib"], CultureInfo.InvariantCulture) > 0, page);
            Assert.True(double.Parse(result[page + "_rss_closed_mib"], CultureInfo.InvariantCulture) > 0, page);
            Assert.True(double.Parse(result[page + "_shown_max_ms"], CultureInfo.InvariantCulture) > 0, page);
            Assert.True(double.Parse(result[page + "_tx_per_s_idle"], CultureInfo.InvariantCulture) >= 0, page);
            Assert.True(double.TryParse(result[page + "_heap_mib_per_circuit"], CultureInfo.InvariantCulture, out _), page);
        }
    }

    /// <summary>Runs one scenario, checks that it exited 0, and answers its <c>RESULT</c> line's keys and values.</summary>
    private static async Task<Dictionary<string, string>> RunAsync(string scenario, params string[] options)
    {
        var output = await ChildCommand.RunAsync("dotnet", [BenchAssembly, scenario, .. options], Ct);

        return ResultLine(output, scenario);
    }

    private static string BenchAssembly => typeof(BenchSmokeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "MajsterBenchAssembly").Value!;

    private static Dictionary<string, string> ResultLine(string output, string scenario)
    {
        var line = output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith($"RESULT {scenario} ", StringComparison.Ordinal));
        return line.Split(' ').Skip(2).Select(pair => pair.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
    }
}
