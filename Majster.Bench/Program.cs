namespace Majster.Bench;

/// <summary>The entry point.</summary>
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
