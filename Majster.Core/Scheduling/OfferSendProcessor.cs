using System.Collections.Concurrent;
using Majster.Core.Email;
using Majster.Core.Offers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>
/// One scheduler tick, the single code path behind the Hangfire job, the waker and the cron endpoint: claim due
/// rows under a lease, send them with bounded concurrency, write the outcomes in one fenced statement per batch,
/// and repeat until nothing is due or the tick's budget is spent.
/// </summary>
public sealed partial class OfferSendProcessor(
    OfferSendQueue queue,
    IOfferEmailSender sender,
    SchedulerInstance instance,
    SchedulerStatus status,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<OfferSendProcessor> logger)
{
    private readonly SchedulerOptions _options = options.Value;

    public async Task<TickResult> RunTickAsync(CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        using var activity = SchedulerTelemetry.Source.StartActivity("scheduler.tick");
        LogTick(logger, Time.IsoInstant.Format(startedAt));

        var totals = new TickTotals();
        while (!cancellationToken.IsCancellationRequested && clock.GetElapsedTime(started) < _options.TickBudget)
        {
            var now = clock.GetUtcNow();
            var claimStarted = clock.GetTimestamp();
            var batch = await queue.ClaimAsync(now, _options.BatchSize, _options.LockTtl, instance.Name, cancellationToken);
            SchedulerTelemetry.RecordClaim(clock.GetElapsedTime(claimStarted));
            if (batch.Count == 0)
            {
                break;
            }

            LogFound(logger, batch.Count);
            await ProcessBatchAsync(batch, totals, cancellationToken);
            if (batch.Count < _options.BatchSize)
            {
                break;
            }
        }

        var result = new TickResult(startedAt, totals.Found, totals.Sent, totals.Retried, totals.MarkedFailed, totals.Skipped,
            clock.GetElapsedTime(started));
        status.Record(result);
        activity?.SetTag("majster.found", result.Found).SetTag("majster.sent", result.Sent);
        return result;
    }

    private async Task ProcessBatchAsync(IReadOnlyList<ClaimedOfferSend> batch, TickTotals totals, CancellationToken cancellationToken)
    {
        totals.Found += batch.Count;
        var outcomes = new ConcurrentBag<OfferSendOutcome>();

        // On shutdown no new send starts; sends under way get a short grace, then are abandoned (and retried later).
        using var abandon = new CancellationTokenSource();
        await using var registration = cancellationToken.Register(() => abandon.CancelAfter(ShutdownGrace));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.SendConcurrency };
        await Parallel.ForEachAsync(batch, parallel, async (claimed, _) =>
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            using var sending = SchedulerTelemetry.Source.StartActivity("scheduler.send");
            sending?.SetTag("majster.offer_send_id", claimed.Id);
            var startedAt = clock.GetUtcNow();
            DeliveryResult delivery;
            try
            {
                delivery = await sender.SendAsync(claimed.Email, abandon.Token);
            }
            catch (OperationCanceledException)
            {
                delivery = DeliveryResult.Transient("Interrupted by shutdown; the message may or may not have been delivered.");
            }

            outcomes.Add(RetryPolicy.Decide(claimed, delivery, startedAt, clock.GetUtcNow(), _options));
        });

        var written = outcomes.ToList();
        var updated = await queue.RecordAsync(written, clock.GetUtcNow(), instance.Name, CancellationToken.None);
        foreach (var outcome in written)
        {
            Report(outcome, updated.Contains(outcome.Claimed.Id), totals);
        }

        var attempted = written.Select(o => o.Claimed.Id).ToHashSet();
        var untouched = batch.Where(row => !attempted.Contains(row.Id)).ToList();
        if (untouched.Count > 0)
        {
            await queue.ReleaseAsync(untouched, instance.Name, CancellationToken.None);
            totals.Skipped += untouched.Count;
        }
    }

    private TimeSpan ShutdownGrace => _options.ShutdownTimeout / 2;

    private void Report(OfferSendOutcome outcome, bool written, TickTotals totals)
    {
        var id = outcome.Claimed.Id;
        SchedulerTelemetry.RecordOutcome(outcome, written);
        if (!written)
        {
            LogFenced(logger, id);
            totals.Skipped++;
            return;
        }

        switch (outcome.Status)
        {
            case OfferSendStatus.Sent:
                totals.Sent++;
                LogSent(logger, id);
                break;
            case OfferSendStatus.Scheduled:
                totals.Retried++;
                LogRetry(logger, outcome.RetryCount, outcome.Claimed.MaxRetries, id);
                break;
            default:
                totals.MarkedFailed++;
                LogFailed(logger, id, outcome.RetryCount, outcome.ErrorMessage);
                break;
        }
    }

    private sealed class TickTotals
    {
        public int Found { get; set; }
        public int Sent { get; set; }
        public int Retried { get; set; }
        public int MarkedFailed { get; set; }
        public int Skipped { get; set; }
    }

    // The runbook's log lines, word for word.
    [LoggerMessage(Level = LogLevel.Information, Message = "[scheduler-worker] Running scheduler tick at {Now}")]
    private static partial void LogTick(ILogger logger, string now);

    [LoggerMessage(Level = LogLevel.Information, Message = "[scheduler-worker] Found {Count} offers due for processing")]
    private static partial void LogFound(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "[scheduler-worker] Successfully processed offer {OfferSendId}")]
    private static partial void LogSent(ILogger logger, Guid offerSendId);

    [LoggerMessage(Level = LogLevel.Information, Message = "[scheduler-worker] Scheduled retry {Retry}/{MaxRetries} for offer {OfferSendId}")]
    private static partial void LogRetry(ILogger logger, int retry, int maxRetries, Guid offerSendId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[scheduler-worker] Offer {OfferSendId} marked as failed after {Retries} retries: {Error}")]
    private static partial void LogFailed(ILogger logger, Guid offerSendId, int retries, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[scheduler-worker] Outcome of offer {OfferSendId} not written: its lease expired and another worker holds it")]
    private static partial void LogFenced(ILogger logger, Guid offerSendId);
}
