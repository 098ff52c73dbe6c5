using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Npgsql;

namespace Majster.Tests.Integration.Engine;

/// <summary>
/// What keeps a burst of due sends cheap for the database, checked on a real one: the claim's plan and the outcomes
/// written a batch per statement. Each asserts what the database did, never a time.
/// </summary>
[Trait("Category", "Integration")]
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

    [Fact]
    public async Task UnderLoad_OutcomesAreWrittenABatchPerStatement()
    {
        const int rows = 400;
        var scheduler = new SchedulerOptions();
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, scheduler, EngineHarness.SmtpTo(Smtp.Port));
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, rows, Ct);

        var tick = await engine.Processor().RunTickAsync(Ct);

        Assert.Equal(rows, tick.Sent);
        // Every write records its attempts in one statement, so one transaction id (xmin) a write. Writing as outcomes
        // came took a statement for every few rows; waiting for a batch while sends are under way takes about one a batch
        // (one more where every worker ran dry between two claims).
        await using var connection = new NpgsqlConnection(DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var writes = new NpgsqlCommand("SELECT count(DISTINCT xmin::text) FROM offer_send_attempts", connection);
        var statements = (long)(await writes.ExecuteScalarAsync(Ct))!;
        Assert.InRange(statements, rows / scheduler.BatchSize, 2 * rows / scheduler.BatchSize);
    }

    [Fact]
    public async Task AClaimsLease_StaysOnItsRowsPage_AsAHotUpdate()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start);
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 300, Ct);
        var before = await PagesAsync();

        var claimed = await engine.Queue().ClaimAsync(Start, 50, TimeSpan.FromMinutes(1), "test-instance", Ct);

        // A lease changes no indexed column, so a new version on the same page is a HOT update: no index is touched.
        // Packed pages (no fillfactor) put it on another page, and then every index gets a new entry.
        var after = await PagesAsync();
        Assert.Equal(50, claimed.Count);
        Assert.All(claimed, send => Assert.Equal(before[send.Id], after[send.Id]));
    }

    /// <summary>The heap page of each row's current version.</summary>
    private async Task<Dictionary<Guid, long>> PagesAsync()
    {
        await using var connection = new NpgsqlConnection(DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT id, (ctid::text::point)[0]::bigint FROM offer_sends", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var pages = new Dictionary<Guid, long>();
        while (await reader.ReadAsync(Ct))
        {
            pages[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return pages;
    }
}
