using Hangfire;
using Majster.Core.Scheduling;

namespace Majster.Admin.Jobs;

/// <summary>The Hangfire recurring job <c>process-scheduled-offers</c>: one tick, nothing else.</summary>
public sealed class ProcessScheduledOffersJob(OfferSendProcessor processor)
{
    public const string Id = "process-scheduled-offers";

    // A failed tick is not retried by Hangfire: the next cron tick (or the waker) is the retry.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken) => await processor.RunTickAsync(cancellationToken);
}
