using Majster.Processes;

namespace Majster.Tests.Unit;

/// <summary>The bench's reading of <c>wrk --latency</c> output: units, percentiles, non-2xx answers.</summary>
[Trait("Category", "Unit")]
public sealed class WrkResultTests
{
    private const string Output = """
        Running 10s test @ http://127.0.0.1:5090/schedule-offer
          2 threads and 16 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency    14.21ms    9.80ms 120.33ms   80.12%
            Req/Sec   563.41     70.10   700.00     70.00%
          Latency Distribution
             50%  850.00us
             75%   17.92ms
             90%   21.20ms
             99%    1.20s
          11291 requests in 10.07s, 5.12MB read
          Non-2xx or 3xx responses: 3
        Requests/sec:   1121.31
        Transfer/sec:    520.66KB
        """;

    [Fact]
    public void Parse_ReadsEveryFigureInMilliseconds()
    {
        var result = WrkResult.Parse(Output);

        Assert.Equal(new WrkResult(11291, 1121.31, 0.85, 21.2, 1200, 3), result);
    }

    [Fact]
    public void Parse_CountsNoNon2xx_WhenWrkPrintsNoSuchLine()
    {
        var result = WrkResult.Parse(Output.Replace("  Non-2xx or 3xx responses: 3\n", "", StringComparison.Ordinal));

        Assert.Equal(0, result.Non2xx);
    }
}
