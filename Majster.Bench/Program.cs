using Majster.Bench;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

return await BenchRunner.RunAsync(args, Console.Out, stop.Token);
