using Majster.Bench.Infrastructure;

namespace Majster.Bench.Scenarios;

internal static class LatenessScenario
{
    public static Task RunAsync(BenchContext context, int count, TimeSpan spread, CancellationToken ct) => Task.CompletedTask;
}
