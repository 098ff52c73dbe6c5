using System.Diagnostics;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Reliability;

/// <summary>Three app processes on one database drain a large backlog: everything is delivered, nothing twice.</summary>
[Trait("Category", "Deployment")]
public sealed class MultiInstanceDrainTests(PostgresCluster cluster, ITestOutputHelper output) : ProcessDrain(cluster)
{
    private const int Sends = 10_000;

    [Fact]
    public async Task ThreeInstances_DeliverEverySendExactlyOnce_WhenTenThousandAreDue()
    {
        var apps = await StartAppsAsync(3, "drain");

        var clock = Stopwatch.StartNew();
        await SeedDueAsync(Sends);
        await WaitUntilAllSentAsync(Sends, TimeSpan.FromSeconds(150));
        var drained = clock.Elapsed;

        var received = ReceivedPerMessageId();
        Assert.Equal(Sends, received.Count);
        Assert.Empty(Duplicates(received));
        Assert.All(apps, app => Assert.False(app.HasExited, app.Output));
        var perInstance = new List<long>();
        foreach (var app in apps)
        {
            perInstance.Add(await AttemptsByAsync(app.InstanceName));
            Assert.Empty(await LeasesOfAsync(app.InstanceName));
        }

        Assert.Equal(Sends, perInstance.Sum());
        output.WriteLine($"Drained {Sends} sends with 3 instances in {drained.TotalSeconds:0.0} s " +
                         $"({Sends / drained.TotalSeconds:0} sends/s); attempts per instance: {string.Join(", ", perInstance)}");
    }
}
