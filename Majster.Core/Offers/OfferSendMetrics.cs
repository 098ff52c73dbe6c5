using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using System.Text.Json.Serialization;
using Npgsql;

namespace Majster.Core.Offers;

/// <summary>
/// The runbook's health numbers, plus the top errors, lateness and the last tick of this process: what the dashboard
/// shows and, as its JSON says, what <c>GET /api/metrics</c> answers.
/// </summary>
public sealed record OfferSendMetricsSnapshot(
    int Scheduled,
    int Overdue,
    int Failed,
    int Sent,
    double RetryRate,
    IReadOnlyList<ErrorCount> Errors,
    Lateness Lateness,
    [property: JsonIgnore] TickResult? LastTick)
{
    /// <summary>The errors by kind (<see cref="FailureReason"/>), most frequent first: what the dashboard lists.</summary>
    [JsonIgnore]
    public IReadOnlyList<FailureCount> ErrorKinds { get; init; } = [];

    /// <summary>The last tick's figures as the API answers them; null for staff, whose figures leave it out.</summary>
    [JsonPropertyName("lastTick")]
    public LastTickFigures? LastTickFigures { get; init; } = LastTick is { } tick
        ? new LastTickFigures(tick.StartedAt, tick.Found, tick.Sent, tick.Retried, tick.MarkedFailed)
        : null;
}

/// <summary>When the last tick started, and what it found, sent, retried and marked failed.</summary>
public sealed record LastTickFigures(DateTimeOffset At, int Found, int Sent, int Retried, int Failed);

public sealed record ErrorCount(string ErrorMessage, int Count);

/// <summary>How many sends' errors are of one <see cref="FailureReason"/>.</summary>
public sealed record FailureCount(FailureReason Reason, int Count);

/// <summary>Attempts in one hour by how they ended: sent, retried (transient) and failed (permanent).</summary>
public sealed record HourlyOutcomes(DateTimeOffset Hour, int Sent, int Retried, int Failed);

/// <summary>
/// How late sent rows went out (processed_at − scheduled_for), in milliseconds, and the share of them that went out
/// within <see cref="OfferSendMetrics.OnTimeWithin"/> of their time (0 to 1); null with no data.
/// </summary>
public sealed record Lateness(double? P50Ms, double? P95Ms, double? P99Ms, double? OnTimeShare = null);

/// <summary>
/// Computes <see cref="OfferSendMetricsSnapshot"/>: the runbook's four queries and two more. The big counts (scheduled,
/// failed, sent, retries of sent, errors) come from <see cref="OfferSendCounts"/>, exactly what counting the rows would
/// give, without reading hundreds of thousands of them. Overdue depends on now and lateness
/// on the last day: both read short ranges of partial indexes. All of it in one round trip.
/// An admin's figures are the whole system's; a staff member's cover their own sends only (the same statements with
/// the owner's filter) and leave out the scheduler's last tick, whose figures are everyone's.
/// </summary>
public sealed class OfferSendMetrics(IDbContextFactory<MajsterDbContext> contexts, NpgsqlDataSource dataSource, TimeProvider clock, SchedulerStatus status)
{
    /// <summary>A send that goes out within this of its time is on time, as the dashboard counts.</summary>
    public static readonly TimeSpan OnTimeWithin = TimeSpan.FromSeconds(1);

    /// <summary>How far back lateness looks.</summary>
    public static readonly TimeSpan LatenessWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// At most this many of the window's latest sends make the lateness percentiles: reading and sorting every send
    /// of a busy day costs more the busier the day, while the latest ten thousand cost the same whatever the day, and
    /// say how late sends are going out now.
    /// </summary>
    public const int LatenessSample = 10_000;

    public const int TopErrors = 10;


    /// <summary>Overdue rows (<see cref="OfferSendOverdue"/>): the head of idx_offer_sends_scheduled_for.</summary>
    public const string OverdueSql = "SELECT count(*)::int FROM offer_sends WHERE " + OfferSendOverdue.Sql;

    /// <summary>
    /// How late the last day's sent rows went out, the latest <see cref="LatenessSample"/> of them at most; reads
    /// idx_offer_sends_sent_processed only, backwards from its newest end.
    /// </summary>
    public const string LatenessSql = LatenessOfSql + " " + LatestSentSql;

    private const string LatenessOfSql = """
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99,
               avg((ms <= @on_time_ms)::int)::float8 AS on_time
        FROM (SELECT greatest(extract(epoch FROM processed_at - scheduled_for) * 1000, 0)::float8 AS ms
              FROM offer_sends
              WHERE
        """;

    private const string LatestSentSql = """
        status = 'sent' AND processed_at >= @since AND scheduled_for IS NOT NULL
              ORDER BY processed_at DESC
              LIMIT @sample) AS sent
        """;

    /// <summary><see cref="OverdueSql"/> and <see cref="LatenessSql"/> over one owner's rows (<c>@user</c>).</summary>
    internal const string OwnOverdueSql = OverdueSql + " AND user_id = @user";

    internal const string OwnLatenessSql = LatenessOfSql + " user_id = @user AND " + LatestSentSql;

    /// <summary>
    /// Folds the counts' deltas (<see cref="OfferSendCounts.FoldSql"/>) outside a dashboard read, so that they do not pile
    /// up while nobody looks: the recurring job <c>fold-offer-send-counts</c> calls it every minute.
    /// </summary>
    public async Task FoldCountsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(OfferSendCounts.FoldSql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The figures <paramref name="actor"/> may see: an admin's the whole system's, staff their own sends'.</summary>
    public async Task<OfferSendMetricsSnapshot> GetAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var all = actor.IsAdmin;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (all)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(OfferSendCounts.FoldSql));
        }

        NpgsqlBatchCommand[] figures =
        [
            new(all ? OfferSendCounts.TotalsSql : OfferSendCounts.OwnTotalsSql),
            new(all ? OfferSendCounts.ErrorsSql : OfferSendCounts.OwnErrorsSql) { Parameters = { new NpgsqlParameter<int>("top", TopErrors) } },
            new(all ? OfferSendCounts.FailuresSql : OfferSendCounts.OwnFailuresSql),
            new(all ? OverdueSql : OwnOverdueSql) { Parameters = { new NpgsqlParameter<DateTimeOffset>("now", now) } },
            new(all ? LatenessSql : OwnLatenessSql)
            {
                Parameters =
                {
                    new NpgsqlParameter<DateTimeOffset>("since", now - LatenessWindow),
                    new NpgsqlParameter<int>("sample", LatenessSample),
                    new NpgsqlParameter<double>("on_time_ms", OnTimeWithin.TotalMilliseconds),
                },
            },
        ];
        foreach (var command in figures)
        {
            if (!all)
            {
                command.Parameters.Add(new NpgsqlParameter<Guid>("user", actor.UserId));
            }

            batch.BatchCommands.Add(command);
        }

        var snapshot = await ReadAsync(batch, all ? status.LastTick : null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return snapshot;
    }

    private static async Task<OfferSendMetricsSnapshot> ReadAsync(NpgsqlBatch batch, TickResult? lastTick, CancellationToken cancellationToken)
    {
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (scheduled, failed, sent, sentRetries) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3));
        await reader.NextResultAsync(cancellationToken);
        List<ErrorCount> errors = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            errors.Add(new ErrorCount(reader.GetString(0), reader.GetInt32(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        List<(string Code, int Count)> failures = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var overdue = reader.GetInt32(0);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var lateness = new Lateness(NullableDouble(reader, 0), NullableDouble(reader, 1), NullableDouble(reader, 2), NullableDouble(reader, 3));

        // avg(retry_count) of sent rows, as the runbook's query computes it (0 when nothing was sent).
        var retryRate = sent == 0 ? 0 : (double)sentRetries / sent;
        return new OfferSendMetricsSnapshot(scheduled, overdue, failed, sent, retryRate, errors, lateness, lastTick)
        {
            ErrorKinds = ByKind(failures),
        };
    }

    /// <summary>The counts by kind, most frequent first (ties in the kinds' order), the top <see cref="TopErrors"/>.</summary>
    internal static IReadOnlyList<FailureCount> ByKind(IEnumerable<(string Code, int Count)> failures) =>
    [
        .. failures.GroupBy(f => FailureReason.FromCode(f.Code))
            .Select(g => new FailureCount(g.Key, g.Sum(f => f.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Reason.Kind).ThenBy(c => c.Reason.SmtpCode)
            .Take(TopErrors),
    ];

    /// <summary>
    /// Attempts per hour over the last 24 hours, oldest first, every hour present (zeros included): of every send for an
    /// admin, of their own for staff.
    /// </summary>
    public async Task<IReadOnlyList<HourlyOutcomes>> HourlyAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var firstHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-23);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var attempts = db.OfferSendAttempts.AsNoTracking().Where(a => a.StartedAt >= firstHour);
        if (!actor.IsAdmin)
        {
            attempts = attempts.Where(a => db.OfferSends.Any(s => s.Id == a.OfferSendId && s.UserId == actor.UserId));
        }

        var counts = await attempts
            .GroupBy(a => new { a.StartedAt.Year, a.StartedAt.Month, a.StartedAt.Day, a.StartedAt.Hour, a.Outcome })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Day, g.Key.Hour, g.Key.Outcome, Count = g.Count() })
            .ToListAsync(cancellationToken);

        return [.. Enumerable.Range(0, 24).Select(i =>
        {
            var hour = firstHour.AddHours(i);
            int Count(AttemptOutcome outcome) => counts
                .Where(c => c.Year == hour.Year && c.Month == hour.Month && c.Day == hour.Day && c.Hour == hour.Hour && c.Outcome == outcome)
                .Sum(c => c.Count);
            return new HourlyOutcomes(hour, Count(AttemptOutcome.Sent), Count(AttemptOutcome.TransientFailure), Count(AttemptOutcome.PermanentFailure));
        })];
    }

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
