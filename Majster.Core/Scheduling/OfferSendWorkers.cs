using Majster.Core.Email;
using Majster.Core.Offers;
using Microsoft.Extensions.Logging;

namespace Majster.Core.Scheduling;

/// <summary>
/// The workers: <c>SendConcurrency</c> of them take claimed rows one at a time from the feed, so that none waits for
/// the slowest message of a batch; each asks the <see cref="SendGate"/> whether the row may go out now, sends it (or
/// refuses it for good when its address was suppressed since it was scheduled), and hands the attempt's outcome,
/// decided by the <see cref="RetryPolicy"/>, to the writer.
/// </summary>
internal sealed partial class OfferSendWorkers(
    IOfferEmailSender sender, SendGate gate, SchedulerOptions options, TimeProvider clock, ILogger logger)
{
    /// <summary>
    /// Sends until the feed runs dry. <paramref name="stop"/> starts nothing more; <paramref name="abandon"/> gives up
    /// the sends under way. A failed claim ends the run with its exception, after the rows already claimed were sent.
    /// </summary>
    public Task RunAsync(ClaimFeed feed, OutcomeWriter writer, CancellationToken stop, CancellationToken abandon) =>
        Parallel.ForEachAsync(feed.ReadAllAsync(stop), new ParallelOptions { MaxDegreeOfParallelism = options.SendConcurrency }, async (claimed, _) =>
        {
            if (stop.IsCancellationRequested || !gate.MayGoOutNow(claimed))
            {
                feed.HandBack(claimed);
                return;
            }

            await writer.WriteWhenDoneAsync(() => SendOneAsync(claimed, abandon));
        });

    private async Task<OfferSendOutcome> SendOneAsync(ClaimedOfferSend claimed, CancellationToken abandon)
    {
        using var sending = SchedulerTelemetry.Source.StartActivity("scheduler.send");
        sending?.SetTag("majster.offer_send_id", claimed.Id);
        var startedAt = clock.GetUtcNow();
        DeliveryResult delivery;
        try
        {
            delivery = claimed.Suppression is { } suppression
                ? DeliveryResult.Permanent(suppression.Explain())
                : await sender.SendAsync(claimed.Email, abandon);
        }
        catch (OperationCanceledException)
        {
            delivery = DeliveryResult.Transient("Interrupted by shutdown; the message may or may not have been delivered.", FailureKind.Interrupted);
        }
        catch (Exception exception)
        {
            // Whatever stops one send (a missing outbox, a template error, a bug in a sender) is that send's attempt,
            // retried by the rule like any other failure; it never stops the tick nor leaves the row unrecorded.
            LogSendThrew(logger, claimed.Id, exception);
            delivery = DeliveryResult.Transient($"{exception.GetType().Name}: {exception.Message}", KindOf(exception));
        }

        if (delivery.IsThrottle)
        {
            LogThrottled(logger, claimed.Id, delivery.Error);
            await gate.BackOffAsync(delivery, CancellationToken.None);
        }

        return RetryPolicy.Decide(claimed, delivery, startedAt, clock.GetUtcNow(), options);
    }

    private static FailureKind KindOf(Exception exception) => exception switch
    {
        OfferEmailTemplateException => FailureKind.Template,
        DirectoryNotFoundException or UnauthorizedAccessException => FailureKind.OutboxNotWritable,
        TimeoutException => FailureKind.Timeout,
        _ => FailureKind.Other,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "[scheduler-worker] The mail server throttled offer {OfferSendId}; all sending backs off: {Reply}")]
    private static partial void LogThrottled(ILogger logger, Guid offerSendId, string? reply);

    [LoggerMessage(Level = LogLevel.Error, Message = "[scheduler-worker] Sending offer {OfferSendId} threw; recorded as a failed attempt")]
    private static partial void LogSendThrew(ILogger logger, Guid offerSendId, Exception exception);
}
