using Hangfire;
using Majster.Core.Offers;

namespace Majster.Admin.Jobs;

/// <summary>
/// The Hangfire recurring job <c>fold-offer-send-counts</c>: every minute, folds the dashboard counts' deltas into one
/// row per key. Dashboard reads fold too; this keeps the table small when nobody has the dashboard open.
/// </summary>
public sealed class FoldOfferSendCountsJob(OfferSendMetrics metrics)
{
    public const string Id = "fold-offer-send-counts";

    public const string Cron = "* * * * *";

    // A failed fold changes nothing; the next minute's run folds what is there.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken) => await metrics.FoldCountsAsync(cancellationToken);
}
