using Majster.Core.Offers;
using Npgsql;

namespace Majster.Core.Scheduling;

/// <summary>The pace's SQL: the sending state, the ledger the limits count, and the server's back-off.</summary>
public sealed partial class OfferSendQueue
{
    /// <summary>
    /// The transaction-scoped advisory lock every limited claim takes ("MJPACE"): the fleet's claims count the ledger
    /// and take their share of the budget one at a time, so that two instances never spend the same room.
    /// </summary>
    private const long BudgetLockKey = 0x4D4A_5041_4345;

    private const string StateSql = """
        SELECT paused, paused_at, paused_by, reason, pause_until, throttled_until, throttle_backoff, throttle_reply, updated_at
        FROM sending_state WHERE id = 1
        """;

    /// <summary>
    /// The ledger: when each message went to the mail server (an attempt's end, by which the server had counted it),
    /// newer than <c>@since</c>, throttling answers aside; and, at <c>@now</c>, every send under a lease, which is
    /// under way or about to be. A send's lease is released in the statement that records its attempt, so none counts
    /// twice or drops out between the two. The attempts are found through their <c>started_at</c> index: no send runs
    /// longer than <c>@slack</c>.
    /// </summary>
    private const string LedgerSql = $$"""
        SELECT finished_at FROM offer_send_attempts
        WHERE started_at > @since - @slack AND finished_at > @since
          AND (failure IS NULL OR failure NOT LIKE '{{FailureReason.ThrottledCode}}%')
        UNION ALL
        SELECT @now FROM offer_sends
        WHERE status = 'scheduled' AND scheduled_for <= @now AND NOT {{OfferSendLease.FreeSql}}
        ORDER BY 1
        """;

    /// <summary>
    /// The server's back-off, for every instance: <c>@first</c> after a quiet spell, twice the last one when the answers
    /// go on (a throttle within the last back-off after it ended), at most <c>@longest</c>, and never before
    /// <c>@not_before</c>. While a back-off holds, a second answer (from a send that was already under way) changes
    /// nothing but the reply. Open pages refresh, to show the banner.
    /// </summary>
    private const string BackOffSql = $$"""
        WITH backed_off AS (
        UPDATE sending_state SET
            throttle_backoff = CASE
                WHEN throttled_until > @now THEN throttle_backoff
                WHEN throttled_until + throttle_backoff > @now THEN least(throttle_backoff * 2, @longest)
                ELSE @first END,
            throttled_until = CASE
                WHEN throttled_until > @now THEN greatest(throttled_until, @not_before)
                WHEN throttled_until + throttle_backoff > @now THEN greatest(@now + least(throttle_backoff * 2, @longest), @not_before)
                ELSE greatest(@now + @first, @not_before) END,
            throttle_reply = @reply,
            updated_at = @now
        WHERE id = 1
        RETURNING throttled_until)
        SELECT throttled_until, pg_notify('{{Data.SchemaNames.ChangedChannel}}', '') FROM backed_off
        """;


    /// <summary>Messages handed to the server in the last minute, hour and day, counted as the ledger counts them.</summary>
    private const string UsageSql = $$"""
        SELECT count(*) FILTER (WHERE finished_at > @now - interval '1 minute'),
               count(*) FILTER (WHERE finished_at > @now - interval '1 hour'),
               count(*)
        FROM offer_send_attempts
        WHERE started_at > @now - interval '1 day' - @slack AND finished_at > @now - interval '1 day'
          AND (failure IS NULL OR failure NOT LIKE '{{FailureReason.ThrottledCode}}%')
        """;

    /// <summary>
    /// For each given send, how many free scheduled sends come before it in the claim's order (due first, ties by id);
    /// rides the partial index on <c>scheduled_for</c>.
    /// </summary>
    private const string AheadSql = $$"""
        SELECT s.id, (SELECT count(*) FROM offer_sends o
                      WHERE o.status = 'scheduled' AND {{OfferSendLease.FreeSql}}
                        AND (o.scheduled_for < s.scheduled_for OR (o.scheduled_for = s.scheduled_for AND o.id < s.id)))
        FROM unnest(@ids, @scheduled_fors) AS s(id, scheduled_for)
        """;

    public async Task<SendingUsage> CountUsageAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(UsageSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("slack", TimeSpan.FromHours(1)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SendingUsage((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2));
    }

    /// <summary>How many free scheduled sends wait before each of <paramref name="sends"/> (id, scheduled_for).</summary>
    public async Task<IReadOnlyDictionary<Guid, int>> CountAheadAsync(
        IReadOnlyList<(Guid Id, DateTimeOffset ScheduledFor)> sends, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sends);
        Dictionary<Guid, int> ahead = [];
        if (sends.Count == 0)
        {
            return ahead;
        }

        await using var command = dataSource.CreateCommand(AheadSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(Array("ids", sends, s => s.Id));
        command.Parameters.Add(Array("scheduled_fors", sends, s => s.ScheduledFor));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ahead[reader.GetGuid(0)] = (int)reader.GetInt64(1);
        }

        return ahead;
    }

    /// <summary>The sending state and the ledger over the last <paramref name="span"/>, as the claim would count them.</summary>
    public async Task<PaceSnapshot> ReadPaceAsync(DateTimeOffset now, TimeSpan span, TimeSpan slack, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        SendingState state;
        await using (var command = new NpgsqlCommand(StateSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            state = ReadState(reader);
        }

        var ledger = span > TimeSpan.Zero ? await ReadLedgerAsync(connection, null, now, span, slack, cancellationToken) : [];
        return new PaceSnapshot(state, ledger, now);
    }

    /// <summary>Records a throttling answer; returns when the back-off ends.</summary>
    public async Task<DateTimeOffset> BackOffAsync(
        DateTimeOffset now, TimeSpan first, TimeSpan longest, DateTimeOffset notBefore, string? reply, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(BackOffSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("first", first));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("longest", longest));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("not_before", notBefore));
        command.Parameters.Add(new NpgsqlParameter("reply", (object?)reply?[..Math.Min(reply.Length, 1000)] ?? DBNull.Value));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    /// <summary>Takes the fleet's budget lock for the caller's transaction, then reads the ledger under it.</summary>
    private static async Task<IReadOnlyList<DateTimeOffset>> LockLedgerAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, TimeSpan span, TimeSpan slack, CancellationToken cancellationToken)
    {
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({BudgetLockKey})", connection, transaction))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        return await ReadLedgerAsync(connection, transaction, now, span, slack, cancellationToken);
    }

    private static async Task<IReadOnlyList<DateTimeOffset>> ReadLedgerAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, DateTimeOffset now, TimeSpan span, TimeSpan slack, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LedgerSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", now - span));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("slack", slack));
        List<DateTimeOffset> ledger = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ledger.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }

        return ledger;
    }

    private static SendingState ReadState(NpgsqlDataReader reader) => new()
    {
        Paused = reader.GetBoolean(0),
        PausedAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
        PausedBy = reader.IsDBNull(2) ? null : reader.GetString(2),
        Reason = reader.IsDBNull(3) ? null : reader.GetString(3),
        PauseUntil = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
        ThrottledUntil = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
        ThrottleBackoff = reader.IsDBNull(6) ? null : reader.GetFieldValue<TimeSpan>(6),
        ThrottleReply = reader.IsDBNull(7) ? null : reader.GetString(7),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(8),
    };
}

/// <summary>The sending state and the ledger as read at <paramref name="Now"/>.</summary>
public sealed record PaceSnapshot(SendingState State, IReadOnlyList<DateTimeOffset> Ledger, DateTimeOffset Now);

/// <summary>
/// What a limited claim may take: the ledger reaches <paramref name="Span"/> back (attempts started up to
/// <paramref name="Slack"/> earlier), and <paramref name="Grant"/> turns it into the number of sends that may go out now.
/// </summary>
public sealed record LimitedBudget(TimeSpan Span, TimeSpan Slack, Func<IReadOnlyList<DateTimeOffset>, int> Grant);
