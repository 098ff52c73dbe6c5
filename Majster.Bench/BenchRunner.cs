using System.Globalization;
using Majster.Bench.Infrastructure;
using Majster.Bench.Scenarios;

namespace Majster.Bench;

/// <summary>
/// <c>Majster.Bench &lt;drain|lateness|scale|api|all|circuits|pace|export&gt; [--n N] [--warmup W] [--rounds R] [--peer-n N] [--rows N] [--without I,J] [--spread-seconds S] [--page P] [--circuits N]</c>.
/// Starts its own PostgreSQL (temporary folder, fsync off) and sinks, runs the scenarios with their peers, and
/// cleans up.
/// </summary>
internal static class BenchRunner
{
    public const string Usage = """
        usage: Majster.Bench <drain|lateness|scale|api|all|circuits|pace|export> [options]
          drain     --n 20000 --peer-n 2000 [--warmup 2000] [--rounds 3] [--hangfire 0]
                                                 N sends due now through the app, timed after W untimed ones (default
                                                 N), in R rounds beside raw MailKit (likewise warm); other peers:
                                                 Hangfire, runbook
          lateness  --n 2000 --spread-seconds 60 sends due over the next minute; lateness p50/p95/p99
          scale     --rows 1000000 [--without idx_a,idx_b]
                                                 claim, dashboard and grid latency on a big table, with plans;
                                                 --without drops those indexes of offer_sends after the load
          api       --requests 20000             POST /schedule-offer under load (once the endpoint exists)
          export    --rows 1000000               the CSV export of a big table: seconds, MiB, peak RSS growth
          circuits  --page all --circuits 30 [--window 20] [--changes 10]
                                                 N Chromium tabs of a page (grid, dashboard, detail or all of them),
                                                 each page on a fresh app: memory per circuit, database
                                                 transactions/s idle and while what they show changes, change-to-
                                                 display time, memory after the tabs close (not in all)
          pace      --n 1000 --per-minute 120    N sends due at once under a per-minute limit, two instances: the
                                                 busiest 60 s at the sink, the pace per minute, CPU while held
                                                 (not in all)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken ct)
    {
        if (args.Length == 0 || args[0] is not ("drain" or "lateness" or "scale" or "api" or "all" or "circuits" or "pace" or "export"))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        var scenario = args[0];
        var options = Options(args);
        var work = Path.Combine(Path.GetTempPath(), "majster-bench-logs-" + Guid.NewGuid().ToString("N")[..8]);
        await using var database = await BenchDatabase.StartAsync(ct);
        var context = new BenchContext(database, output, work);
        context.Log($"PostgreSQL (fsync off) ready; logs of child processes in {work}");

        if (scenario is "drain" or "all")
        {
            var count = options.Get("n", 20_000);
            await DrainScenario.RunAsync(
                context,
                new DrainSettings(count, options.Get("warmup", count), options.Get("rounds", 3), options.Get("peer-n", 2_000),
                    options.Get("hangfire", 1) != 0),
                ct);
        }

        if (scenario is "lateness" or "all")
        {
            await LatenessScenario.RunAsync(context, options.Get("n", 2_000), TimeSpan.FromSeconds(options.Get("spread-seconds", 60)), ct);
        }

        if (scenario is "scale" or "all")
        {
            await ScaleScenario.RunAsync(
                context, options.Get("rows", 1_000_000), options.Get("without", "").Split(',', StringSplitOptions.RemoveEmptyEntries), ct);
        }

        if (scenario is "api" or "all")
        {
            await ApiScenario.RunAsync(context, options.Get("requests", 20_000), ct);
        }

        if (scenario is "export")
        {
            await ExportScenario.RunAsync(context, options.Get("rows", 1_000_000), ct);
        }

        if (scenario is "circuits")
        {
            await CircuitsScenario.RunAsync(
                context,
                new CircuitsSettings(options.Get("page", "all"), options.Get("circuits", 30), TimeSpan.FromSeconds(options.Get("window", 20)),
                    options.Get("changes", 10)),
                ct);
        }

        if (scenario is "pace")
        {
            await PaceScenario.RunAsync(context, options.Get("n", 1_000), options.Get("per-minute", 120), ct);
        }

        return 0;
    }

    private static BenchArguments Options(string[] args)
    {
        Dictionary<string, string> values = [];
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected '--name value', got '{args[i]} {args[i + 1]}'.\n{Usage}");
            }

            values[args[i][2..]] = args[i + 1];
        }

        return new BenchArguments(values);
    }

    private sealed record BenchArguments(IReadOnlyDictionary<string, string> Values)
    {
        public int Get(string name, int fallback) => !Values.TryGetValue(name, out var text) ? fallback
            : int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value
            : throw new ArgumentException($"Expected a number after --{name}, got '{text}'.\n{Usage}");

        public string Get(string name, string fallback) => Values.GetValueOrDefault(name, fallback);
    }
}
