using Majster.Core.Offers;
using Npgsql;
using NpgsqlTypes;

namespace Majster.Core.Scheduling;

/// <summary>The outcomes' record, fenced by the lease each row was claimed under.</summary>
public sealed partial class OfferSendQueue
{
    /// <summary>
    /// Writes a batch of outcomes in one statement, fenced: a row is only updated while this instance still holds
    /// the very lease it claimed (same owner, same expiry), so a late write from an owner whose lease expired and
    /// was re-claimed cannot overwrite the new owner's result. The attempts are recorded regardless (they happened);
    /// audit events only for rows actually updated.
    /// </summary>
    private const string RecordSql = """
        WITH r AS (
            SELECT * FROM unnest(@ids, @lease_untils, @statuses, @scheduled_fors, @retry_counts, @last_retry_ats,
                                 @processed_ats, @errors, @failures, @actions, @before_scheduled_fors)
                AS r(id, lease_until, status, scheduled_for, retry_count, last_retry_at, processed_at, error_message,
                     failure, action, before_scheduled_for)),
        updated AS (
            UPDATE offer_sends o
            SET status = r.status, scheduled_for = r.scheduled_for, retry_count = r.retry_count,
                last_retry_at = coalesce(r.last_retry_at, o.last_retry_at), processed_at = r.processed_at,
                error_message = r.error_message, failure = r.failure, locked_until = NULL, locked_by = NULL, updated_at = @now
            FROM r
            WHERE o.id = r.id AND o.locked_by = @instance AND o.locked_until = r.lease_until
            RETURNING o.id, r.action, r.status, r.scheduled_for, r.before_scheduled_for, r.error_message, r.failure),
        events AS (
            INSERT INTO offer_send_events (offer_send_id, at, actor, action, status_before, status_after,
                                           scheduled_for_before, scheduled_for_after, note, failure)
            SELECT id, @now, 'scheduler', action, 'scheduled', status, before_scheduled_for, scheduled_for, error_message,
                   failure
            FROM updated),
        attempts AS (
            INSERT INTO offer_send_attempts (offer_send_id, attempt_number, started_at, finished_at, outcome,
                                             smtp_status_code, error, failure, instance)
            SELECT * FROM unnest(@ids, @attempt_numbers, @started_ats, @finished_ats, @outcomes, @smtp_codes,
                                 @attempt_errors, @attempt_failures, @instances))
        SELECT id FROM updated
        """;

    /// <summary>Writes outcomes; returns the ids actually updated (the others lost their lease meanwhile).</summary>
    public async Task<IReadOnlySet<Guid>> RecordAsync(
        IReadOnlyList<OfferSendOutcome> outcomes, DateTimeOffset now, string instance, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return new HashSet<Guid>();
        }

        await using var command = dataSource.CreateCommand(RecordSql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        p.Add(new NpgsqlParameter<string>("instance", instance));
        p.Add(Array("ids", outcomes, o => o.Claimed.Id));
        p.Add(Array("lease_untils", outcomes, o => o.Claimed.LockedUntil));
        p.Add(Array("statuses", outcomes, o => o.Status.ToText()));
        p.Add(Array("scheduled_fors", outcomes, o => o.ScheduledFor));
        p.Add(Array("retry_counts", outcomes, o => o.RetryCount));
        p.Add(NullableTimes("last_retry_ats", outcomes, o => o.LastRetryAt));
        p.Add(NullableTimes("processed_ats", outcomes, o => o.ProcessedAt));
        p.Add(Texts("errors", outcomes, o => o.ErrorMessage));
        p.Add(Texts("failures", outcomes, o => o.Failure?.Code));
        p.Add(Array("actions", outcomes, o => o.Action));
        p.Add(Array("before_scheduled_fors", outcomes, o => o.Claimed.ScheduledFor));
        p.Add(Array("attempt_numbers", outcomes, o => o.Claimed.RetryCount + 1));
        p.Add(Array("started_ats", outcomes, o => o.StartedAt));
        p.Add(Array("finished_ats", outcomes, o => o.FinishedAt));
        p.Add(Array("outcomes", outcomes, o => o.Delivery.Outcome.ToText()));
        p.Add(new NpgsqlParameter("smtp_codes", NpgsqlDbType.Array | NpgsqlDbType.Integer)
        {
            Value = outcomes.Select(o => o.Delivery.SmtpStatusCode is { } code ? (object)code : DBNull.Value).ToArray(),
        });
        p.Add(Texts("attempt_errors", outcomes, o => o.Delivery.Error));
        p.Add(Texts("attempt_failures", outcomes, o => o.Delivery.Reason?.Code));
        p.Add(Array("instances", outcomes, _ => instance));

        HashSet<Guid> updated = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            updated.Add(reader.GetGuid(0));
        }

        return updated;
    }

    private static NpgsqlParameter NullableTimes<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, DateTimeOffset?> select) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = rows.Select(row => select(row) is { } value ? (object)value : DBNull.Value).ToArray(),
        };

    private static NpgsqlParameter Texts<TRow>(string name, IReadOnlyList<TRow> rows, Func<TRow, string?> select) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = rows.Select(row => (object?)select(row) ?? DBNull.Value).ToArray(),
        };
}
