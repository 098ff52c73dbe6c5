using Majster.Tests.Support;

namespace Majster.Tests.Integration.Reliability;

/// <summary><c>kill -9</c> of one of two instances mid-drain: its leases expire and the survivor finishes the work.</summary>
[Trait("Category", "Deployment")]
public sealed class CrashRecoveryTests(PostgresCluster cluster, ITestOutputHelper output) : ProcessDrain(cluster)
{
    private const int Sends = 2000;
    private static readonly TimeSpan LockTtl = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task KillNine_LosesNothing_DuplicatesOnlyWhatTheDeadInstanceHeld_AndItsLeasesAreReclaimedAfterTheTtl()
    {
        var apps = await StartAppsAsync(2, "crash", new Dictionary<string, string> { ["Scheduler__LockTtl"] = "00:00:05" });
        var (victim, survivor) = (apps[0], apps[1]);

        await SeedDueAsync(Sends);
        await Poll.UntilAsync(() => AttemptsByAsync(victim.InstanceName), n => n >= 300, TimeSpan.FromSeconds(60), "the victim to be mid-drain");
        victim.Kill();
        Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        var orphaned = await LeasesOfAsync(victim.InstanceName);

        await WaitUntilAllSentAsync(Sends, TimeSpan.FromSeconds(90));

        var received = ReceivedPerMessageId();
        Assert.Equal(Sends, received.Count);
        var duplicates = Duplicates(received);
        var orphanedIds = orphaned.Keys.Select(MessageIdOf).ToHashSet(StringComparer.Ordinal);
        Assert.All(duplicates, id => Assert.Contains(id, orphanedIds));
        Assert.All(received.Values, count => Assert.InRange(count, 1, 2));
        Assert.Empty(await LeasesOfAsync(victim.InstanceName));
        Assert.False(survivor.HasExited, survivor.Output);

        // Nobody touched an orphaned row before its lease ran out.
        var reclaimedAt = await FirstAttemptsAfterKillAsync(orphaned.Keys, survivor.InstanceName);
        Assert.Equal(orphaned.Count, reclaimedAt.Count);
        Assert.All(reclaimedAt, r => Assert.True(r.Value >= orphaned[r.Key], $"{r.Key} re-tried at {r.Value:O}, before its lease ended at {orphaned[r.Key]:O}"));
        output.WriteLine($"Killed with {orphaned.Count} rows leased (batch 50, concurrency 4); {duplicates.Count} duplicate deliveries; " +
                         $"orphans re-claimed {LockTtl.TotalSeconds} s TTL later");
    }

    private Task<Dictionary<Guid, DateTimeOffset>> FirstAttemptsAfterKillAsync(IEnumerable<Guid> ids, string instance) =>
        InstantsByIdAsync(
            "SELECT offer_send_id, min(started_at) FROM offer_send_attempts WHERE offer_send_id = ANY(@ids) AND instance = @instance GROUP BY offer_send_id",
            ("ids", ids.ToArray()), ("instance", instance));
}
