namespace Majster.Bench;

/// <summary>The entry point (a named class, so that the test project can reference both the app and the bench).</summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        return await BenchRunner.RunAsync(args, Console.Out, stop.Token);
    }
}
