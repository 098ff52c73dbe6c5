using Majster.Bench.Infrastructure;

namespace Majster.Bench.Scenarios;

internal static class ScaleScenario
{
    public static Task RunAsync(BenchContext context, int count, CancellationToken ct) => Task.CompletedTask;
}
