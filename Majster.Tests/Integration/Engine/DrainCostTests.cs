using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Npgsql;

namespace Majster.Tests.Integration.Engine;

/// <summary>
/// What keeps a burst of due sends cheap for the database, checked on a real one: the claim's plan, the lease as a
/// HOT update, and the outcomes written a batch per statement. Each asserts what the database did, never a time.
/// </summary>
public sealed class DrainCostTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheClaim_WalksTheDueIndex_AndFindsItsRowsByKey_WhateverStatisticsPredateABurst()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start);
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 3000, Ct);

        var plan = await engine.Queue().ExplainClaimAsync(Start, 50, TimeSpan.FromMinutes(1), "test-instance", Ct);

        // Left to statistics taken before the burst, the planner read the whole table to find the claimed rows again
        // (a sequential scan under a hash join) or fetched every due row through a bitmap and sorted them all.
        Assert.Contains(plan, line => line.Contains("Index Scan using idx_offer_sends_scheduled_for", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("Index Scan using pk_offer_sends", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => new[] { "Seq Scan", "Bitmap", "Sort" }.Any(node => line.Contains(node, StringComparison.Ordinal)));
    }
}
