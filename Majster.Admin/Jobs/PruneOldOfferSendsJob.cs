using Hangfire;
using Majster.Core.Requests;
using Majster.Core.Scheduling;

namespace Majster.Admin.Jobs;

/// <summary>
/// The Hangfire recurring job <c>prune-old-offer-sends</c>: daily, forgets what is older than <c>Scheduler:Retention</c>,
/// and the expired idempotency keys.
/// </summary>
public sealed class PruneOldOfferSendsJob(OfferSendRetention retention, IdempotencyStore idempotency, TimeProvider clock)
{
    public const string Id = "prune-old-offer-sends";

    /// <summary>Daily at 03:00 UTC, away from office hours.</summary>
    public const string Cron = "0 3 * * *";

    // A failed run is simply repeated the next day.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await retention.PruneAsync(clock.GetUtcNow(), cancellationToken);
        await idempotency.PruneAsync(cancellationToken);
    }
}
