using Majster.Core.Email;
using Majster.Core.Offers;
using Majster.Core.Time;

namespace Majster.Core.Scheduling;

/// <summary>
/// Decides what an attempt's result does to its row. <c>max_retries</c> counts retries after the first attempt, as
/// the runbook says: with 3, a send is tried four times, waiting 60 s, 120 s and 240 s between tries. A permanent
/// rejection fails at once without burning retries, and a throttling answer burns none either: the send keeps its place
/// at the front of the queue while the whole sender backs off (<see cref="SendGate"/>). (The original code stopped one attempt short and waited 120 s
/// first; this system keeps the runbook's rule.)
/// </summary>
public static class RetryPolicy
{
    public const string Sent = "sent";
    public const string RetryScheduled = "retry_scheduled";
    public const string Failed = "failed";
    public const string Throttled = "throttled";

    public static OfferSendOutcome Decide(
        ClaimedOfferSend claimed, DeliveryResult delivery, DateTimeOffset startedAt, DateTimeOffset finishedAt, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(options);

        return delivery.Outcome switch
        {
            _ when delivery.IsThrottle => new OfferSendOutcome(
                claimed, delivery, startedAt, finishedAt, OfferSendStatus.Scheduled, claimed.ScheduledFor, claimed.RetryCount,
                LastRetryAt: null, ProcessedAt: null, delivery.Error, Throttled),

            AttemptOutcome.Sent => new OfferSendOutcome(
                claimed, delivery, startedAt, finishedAt, OfferSendStatus.Sent, claimed.ScheduledFor, claimed.RetryCount,
                LastRetryAt: null, ProcessedAt: finishedAt, ErrorMessage: null, Sent),

            AttemptOutcome.TransientFailure when claimed.RetryCount < claimed.MaxRetries => new OfferSendOutcome(
                claimed, delivery, startedAt, finishedAt, OfferSendStatus.Scheduled,
                finishedAt + UtcTime.ExponentialBackoff(claimed.RetryCount, options.BaseDelay, options.MaxDelay),
                claimed.RetryCount + 1, LastRetryAt: finishedAt, ProcessedAt: null, delivery.Error, RetryScheduled),

            AttemptOutcome.TransientFailure => new OfferSendOutcome(
                claimed, delivery, startedAt, finishedAt, OfferSendStatus.Failed, claimed.ScheduledFor, claimed.RetryCount,
                LastRetryAt: null, ProcessedAt: null,
                $"Max retries ({claimed.MaxRetries}) exceeded. Last error: {delivery.Error}", Failed),

            _ => new OfferSendOutcome(
                claimed, delivery, startedAt, finishedAt, OfferSendStatus.Failed, claimed.ScheduledFor, claimed.RetryCount,
                LastRetryAt: null, ProcessedAt: null, $"Permanent failure: {delivery.Error}", Failed),
        };
    }
}
