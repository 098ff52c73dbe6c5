using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Core.Scheduling;

/// <summary>What one pruning run deleted.</summary>
public sealed record RetentionResult(int Attempts, int SentRows);

/// <summary>
/// Forgets what is older than <c>Scheduler:Retention</c>: attempts (of any row) that started before the cutoff, and
/// sent rows processed before it (their attempts and audit events go with them). Deletes in batches of
/// <see cref="BatchSize"/> so no statement holds many locks or a long transaction. Failed, pending and scheduled rows
/// are kept: someone may still act on them.
/// </summary>
public sealed class OfferSendRetention(NpgsqlDataSource dataSource, IOptions<SchedulerOptions> options)
{
    public const int BatchSize = 1000;

    // Rides the index on started_at.
    private const string PruneAttemptsSql = """
        DELETE FROM offer_send_attempts
        WHERE id IN (SELECT id FROM offer_send_attempts WHERE started_at < @cutoff LIMIT @batch)
        """;

    private const string PruneSentSql = """
        DELETE FROM offer_sends
        WHERE id IN (SELECT id FROM offer_sends WHERE status = 'sent' AND processed_at < @cutoff LIMIT @batch)
        """;

    /// <summary>Prunes everything older than <paramref name="now"/> minus the retention, batch by batch.</summary>
    public async Task<RetentionResult> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - options.Value.Retention;
        var attempts = await DeleteInBatchesAsync(PruneAttemptsSql, cutoff, cancellationToken);
        var sentRows = await DeleteInBatchesAsync(PruneSentSql, cutoff, cancellationToken);
        return new RetentionResult(attempts, sentRows);
    }

    private async Task<int> DeleteInBatchesAsync(string sql, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var command = dataSource.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", cutoff));
            command.Parameters.Add(new NpgsqlParameter<int>("batch", BatchSize));
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }
}
