using System.Diagnostics;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Reliability;

/// <summary>SIGTERM mid-drain: the process exits within Scheduler:ShutdownTimeout and leaves no lease behind.</summary>
[Trait("Category", "Deployment")]
public sealed class GracefulShutdownTests(PostgresCluster cluster, ITestOutputHelper output) : ProcessDrain(cluster)
{
    private const int Sends = 2000;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SigTerm_ExitsWithinTheShutdownTimeout_AndLeavesNoLease_EvenWithStalledSends()
    {
        var app = (await StartAppsAsync(1, "sigterm"))[0];

        await SeedDueAsync(Sends);
        await Poll.UntilAsync(() => AttemptsByAsync(app.InstanceName), n => n >= 200, TimeSpan.FromSeconds(60), "the drain to be under way");
        // The next two sends hang in DATA: shutdown must abandon them after its grace, not wait for the SMTP timeout.
        Smtp.Script(SmtpReply.Stall, SmtpReply.Stall);
        var signalled = Stopwatch.StartNew();
        await app.TerminateAsync();
        var exited = await app.WaitForExitAsync(ShutdownTimeout);
        var took = signalled.Elapsed;

        Assert.True(exited, $"still running {ShutdownTimeout} after SIGTERM:\n{app.Output}");
        Assert.Empty(await LeasesOfAsync(app.InstanceName));
        var sent = await CountAsync("sent");
        var scheduled = await CountAsync("scheduled");
        Assert.Equal(Sends, sent + scheduled);
        Assert.True(sent < Sends, "the drain had finished before the signal; the test proves nothing");
        output.WriteLine($"Exited {took.TotalSeconds:0.0} s after SIGTERM with {sent} sent and {scheduled} left scheduled, no lease held");
    }
}
