using Majster.Core.Offers;
using Npgsql;
using NpgsqlTypes;

namespace Majster.Core.Scheduling;

/// <summary>
/// The engine's SQL: claim due rows under a lease (<see cref="OfferSendLease"/>), write outcomes fenced by that lease
/// (in <c>OfferSendQueue.Outcomes.cs</c>), release leases, and find the next due instant. Every statement takes <c>@now</c> from the caller's
/// <see cref="TimeProvider"/>, so tests control time.
/// </summary>
public sealed partial class OfferSendQueue(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due rows in one statement. The CTE fences the planner so LIMIT is
    /// honoured; <c>FOR UPDATE SKIP LOCKED</c> lets any number of ticks, threads and instances claim side by side
    /// without waiting on or taking each other's rows. An expired lease (owner presumed dead) is claimable again.
    /// It runs after <see cref="WalkTheDueIndexSql"/>, in the same transaction. Nothing is claimed while a pause or the
    /// server's back-off holds (<see cref="SendingState"/>, one row read once per claim). Each row comes with its
    /// address's suppression, if one was made after the send was scheduled (another send to it bounced meanwhile): the
    /// workers refuse such a send for good without asking the mail server. People's actions check suppressions in
    /// <c>OfferSendService</c>; <c>client_email</c> is stored in the address rule's form, the suppressions' key.
    /// </summary>
    private const string ClaimSql = $$"""
        WITH due AS (
            SELECT id FROM offer_sends
            WHERE status = 'scheduled' AND scheduled_for <= @now
              AND {{OfferSendLease.FreeSql}}
              AND NOT EXISTS (SELECT 1 FROM sending_state WHERE id = 1 AND {{SendingState.HoldsSql}})
            ORDER BY scheduled_for
            LIMIT @batch
            FOR UPDATE SKIP LOCKED),
        claimed AS (
            UPDATE offer_sends o
            SET locked_until = @lease_until, locked_by = @instance
            FROM due, offers f, users u
            WHERE o.id = due.id AND f.id = o.offer_id AND u.id = o.user_id
            RETURNING o.id, o.scheduled_for, o.retry_count, o.max_retries, o.locked_until,
                      o.client_email, o.client_name, o.subject, o.message, o.pdf_url,
                      f.title, f.total_amount, f.currency, f.language,
                      u.reply_name, coalesce(u.reply_address, u.email) AS reply_address, u.company_name)
        SELECT c.*, s.reason, s.status, s.diagnostic, s.created_at
        FROM claimed c LEFT JOIN suppressions s ON s.address = c.client_email
        """;

    /// <summary>
    /// For the claim's transaction only: read the due rows in the order of <c>idx_offer_sends_scheduled_for</c>, stop
    /// after a batch, and find each claimed row again by its key, whatever the table's statistics say. Statistics taken
    /// before a burst of sends arrived (a table analysed when it held a few rows, or never) lead the planner to fetch
    /// every due row and sort them, or to read the whole table, for every batch: each claim would cost more the more
    /// sends wait (docs/benchmarks.md, scale).
    /// </summary>
    private const string WalkTheDueIndexSql = """
        SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true),
               set_config('enable_sort', 'off', true)
        """;

    /// <summary>Gives back leases of rows this instance claimed but did not attempt (shutdown).</summary>
    private const string ReleaseSql = """
        UPDATE offer_sends o SET locked_until = NULL, locked_by = NULL
        FROM unnest(@ids, @lease_untils) AS r(id, lease_until)
        WHERE o.id = r.id AND o.locked_by = @instance AND o.locked_until = r.lease_until
        """;

    /// <summary>The earliest instant a row becomes claimable; rides the partial index on scheduled_for.</summary>
    private const string NextDueSql = $$"""
        SELECT scheduled_for FROM offer_sends
        WHERE status = 'scheduled' AND {{OfferSendLease.FreeSql}}
        ORDER BY scheduled_for
        LIMIT 1
        """;

    public Task<IReadOnlyList<ClaimedOfferSend>> ClaimAsync(
        DateTimeOffset now, int batchSize, TimeSpan leaseTtl, string instance, CancellationToken cancellationToken) =>
        ClaimAsync(now, batchSize, leaseTtl, instance, budget: null, cancellationToken);

    /// <summary>
    /// Claims as <see cref="ClaimAsync(DateTimeOffset, int, TimeSpan, string, CancellationToken)"/>; with a
    /// <paramref name="budget"/>, first takes the fleet's budget lock and claims no more than the budget grants for the
    /// ledger read under it (the lock is held until the claimed rows' leases, which the ledger counts, are committed).
    /// </summary>
    public async Task<IReadOnlyList<ClaimedOfferSend>> ClaimAsync(
        DateTimeOffset now, int batchSize, TimeSpan leaseTtl, string instance, LimitedBudget? budget, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (budget is not null)
        {
            var ledger = await LockLedgerAsync(connection, transaction, now, budget.Span, budget.Slack, cancellationToken);
            batchSize = Math.Min(batchSize, budget.Grant(ledger));
            if (batchSize <= 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return [];
            }
        }

        await using var batch = ClaimBatch(connection, transaction, ClaimSql, now, batchSize, leaseTtl, instance);
        List<ClaimedOfferSend> claimed = [];
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(ClaimedOfferSend.Read(reader));
            }
        }

        await transaction.CommitAsync(cancellationToken);

        // RETURNING comes back in no particular order; send the most overdue first.
        claimed.Sort((a, b) => a.ScheduledFor.CompareTo(b.ScheduledFor));
        return claimed;
    }

    public async Task ReleaseAsync(IReadOnlyList<ClaimedOfferSend> rows, string instance, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(ReleaseSql);
        command.Parameters.Add(new NpgsqlParameter<string>("instance", instance));
        command.Parameters.Add(Array("ids", rows, r => r.Id));
        command.Parameters.Add(Array("lease_untils", rows, r => r.LockedUntil));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The plan of the claim as <see cref="ClaimAsync"/> runs it (nothing is claimed), one line a node.</summary>
    public async Task<IReadOnlyList<string>> ExplainClaimAsync(
        DateTimeOffset now, int batchSize, TimeSpan leaseTtl, string instance, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = ClaimBatch(connection, transaction, "EXPLAIN " + ClaimSql, now, batchSize, leaseTtl, instance);
        List<string> plan = [];
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                plan.Add(reader.GetString(0));
            }
        }

        await transaction.RollbackAsync(cancellationToken);
        return plan;
    }

    /// <summary>The planner settings, then <paramref name="claimSql"/>: one round trip, in the caller's transaction.</summary>
    private static NpgsqlBatch ClaimBatch(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string claimSql, DateTimeOffset now, int batchSize,
        TimeSpan leaseTtl, string instance)
    {
        var claim = new NpgsqlBatchCommand(claimSql);
        claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        claim.Parameters.Add(new NpgsqlParameter<int>("batch", batchSize));
        claim.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("lease_until", now + leaseTtl));
        claim.Parameters.Add(new NpgsqlParameter<string>("instance", instance));
        return new NpgsqlBatch(connection, transaction) { BatchCommands = { new NpgsqlBatchCommand(WalkTheDueIndexSql), claim } };
    }

    public async Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(NextDueSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    private static NpgsqlParameter<T[]> Array<TRow, T>(string name, IReadOnlyList<TRow> rows, Func<TRow, T> select) =>
        new(name, rows.Select(select).ToArray());
}
