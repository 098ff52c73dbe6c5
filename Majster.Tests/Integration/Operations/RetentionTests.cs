using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Tests.Integration.Operations;

/// <summary>Pruning forgets sent rows and attempts older than the retention, in batches, and nothing else.</summary>
[Trait("Category", "Integration")]
public sealed class RetentionTests(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 9, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(180);
    private string _connection = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _connection = await cluster.CreateDatabaseAsync(cancellationToken: Ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Prune_DeletesOldSentRowsAndOldAttempts_InBatches_AndKeepsEverythingElse()
    {
        var old = Now - Retention - TimeSpan.FromDays(1);
        var recent = Now - Retention + TimeSpan.FromDays(1);
        var oldSent = await SendsAsync(OfferSendStatus.Sent, processedAt: old, attemptAt: old, count: OfferSendRetention.BatchSize + 5);
        var recentSent = await SendsAsync(OfferSendStatus.Sent, processedAt: recent, attemptAt: recent, count: 3);
        var oldFailed = await SendsAsync(OfferSendStatus.Failed, processedAt: null, attemptAt: old, count: 2);
        await using var dataSource = NpgsqlDataSource.Create(_connection);
        var retention = new OfferSendRetention(dataSource, Options.Create(new SchedulerOptions { Retention = Retention }));

        var pruned = await retention.PruneAsync(Now, Ct);

        Assert.Equal(new RetentionResult(Attempts: oldSent.Count + oldFailed.Count, SentRows: oldSent.Count), pruned);
        await using var db = Database.CreateContext(_connection);
        var left = await db.OfferSends.AsNoTracking().Include(s => s.Attempts).ToListAsync(Ct);
        Assert.Equal(recentSent.Concat(oldFailed).Order(), left.Select(s => s.Id).Order());
        Assert.All(left.Where(s => recentSent.Contains(s.Id)), s => Assert.Single(s.Attempts));
        Assert.All(left.Where(s => oldFailed.Contains(s.Id)), s => Assert.Empty(s.Attempts));
        Assert.Equal(new RetentionResult(0, 0), await retention.PruneAsync(Now, Ct));
    }

    private async Task<List<Guid>> SendsAsync(OfferSendStatus status, DateTimeOffset? processedAt, DateTimeOffset attemptAt, int count)
    {
        var sends = await Seed.ScheduledSendsAsync(_connection, attemptAt, attemptAt, count, Ct);
        await using var db = Database.CreateContext(_connection);
        foreach (var send in sends)
        {
            db.Attach(send);
            send.Status = status;
            send.ProcessedAt = processedAt;
            db.OfferSendAttempts.Add(new OfferSendAttempt
            {
                OfferSendId = send.Id,
                AttemptNumber = 1,
                StartedAt = attemptAt,
                FinishedAt = attemptAt,
                Outcome = status == OfferSendStatus.Sent ? AttemptOutcome.Sent : AttemptOutcome.PermanentFailure,
                Instance = "retention-test",
            });
        }

        await db.SaveChangesAsync(Ct);
        return [.. sends.Select(s => s.Id)];
    }
}
