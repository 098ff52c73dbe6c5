using Majster.Core.Data;
using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Offers;

/// <summary>The runbook's health numbers, plus the top errors, lateness and the last tick of this process.</summary>
public sealed record OfferSendMetricsSnapshot(
    int Scheduled,
    int Overdue,
    int Failed,
    int Sent,
    double RetryRate,
    IReadOnlyList<ErrorCount> Errors,
    Lateness Lateness,
    TickResult? LastTick);

public sealed record ErrorCount(string ErrorMessage, int Count);

/// <summary>Attempts in one hour by how they ended: sent, retried (transient) and failed (permanent).</summary>
public sealed record HourlyOutcomes(DateTimeOffset Hour, int Sent, int Retried, int Failed);

/// <summary>How late sent rows went out (processed_at − scheduled_for), in milliseconds; null with no data.</summary>
public sealed record Lateness(double? P50Ms, double? P95Ms, double? P99Ms);

/// <summary>Computes <see cref="OfferSendMetricsSnapshot"/> with the runbook's four queries and two more.</summary>
public sealed class OfferSendMetrics(IDbContextFactory<MajsterDbContext> contexts, TimeProvider clock, SchedulerStatus status)
{
    /// <summary>How far back lateness looks.</summary>
    public static readonly TimeSpan LatenessWindow = TimeSpan.FromHours(24);

    public const int TopErrors = 10;

    public async Task<OfferSendMetricsSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sends = db.OfferSends.AsNoTracking();

        var scheduled = await sends.CountAsync(s => s.Status == OfferSendStatus.Scheduled, cancellationToken);
        var overdue = await sends.CountAsync(s => s.Status == OfferSendStatus.Scheduled && s.ScheduledFor < now, cancellationToken);
        var failed = await sends.CountAsync(s => s.Status == OfferSendStatus.Failed, cancellationToken);
        var sent = await sends.CountAsync(s => s.Status == OfferSendStatus.Sent, cancellationToken);
        var retryRate = await sends.Where(s => s.Status == OfferSendStatus.Sent)
            .AverageAsync(s => (double?)s.RetryCount, cancellationToken) ?? 0;
        var errors = await sends
            .Where(s => s.ErrorMessage != null && (s.RetryCount > 0 || s.Status == OfferSendStatus.Failed))
            .GroupBy(s => s.ErrorMessage!)
            .Select(g => new { ErrorMessage = g.Key, Count = g.Count() })
            .OrderByDescending(e => e.Count).ThenBy(e => e.ErrorMessage)
            .Take(TopErrors)
            .ToListAsync(cancellationToken);

        return new OfferSendMetricsSnapshot(
            scheduled, overdue, failed, sent, retryRate, [.. errors.Select(e => new ErrorCount(e.ErrorMessage, e.Count))], await LatenessAsync(db, now, cancellationToken), status.LastTick);
    }

    /// <summary>Attempts per hour over the last 24 hours, oldest first, every hour present (zeros included).</summary>
    public async Task<IReadOnlyList<HourlyOutcomes>> HourlyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var firstHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-23);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.OfferSendAttempts.AsNoTracking()
            .Where(a => a.StartedAt >= firstHour)
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

    private static async Task<Lateness> LatenessAsync(MajsterDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - LatenessWindow;
        // percentile_cont has no LINQ form; one aggregate over the last day's sent rows.
        var row = await db.Database.SqlQuery<LatenessRow>($"""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
            FROM (SELECT greatest(extract(epoch FROM processed_at - scheduled_for) * 1000, 0)::float8 AS ms
                  FROM offer_sends
                  WHERE status = 'sent' AND processed_at >= {since} AND scheduled_for IS NOT NULL) AS sent
            """).SingleAsync(cancellationToken);
        return new Lateness(row.P50, row.P95, row.P99);
    }

    private sealed record LatenessRow(double? P50, double? P95, double? P99);
}
