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

        // Batches overlap: while one batch is being sent, the next one is claimed and starts sending, so the SMTP
        // connections are not left idle during a claim, an outcome write or a batch's slowest send. At most
        // MaxBatchesInFlight are open at once; the sender's pool still bounds the messages in flight.
        var totals = new TickTotals();
        var inFlight = new Queue<Task<TickTotals>>();
        try
        {
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
                inFlight.Enqueue(ProcessBatchAsync(batch, cancellationToken));
                if (batch.Count < _options.BatchSize)
                {
                    break;
                }

                if (inFlight.Count >= MaxBatchesInFlight)
                {
                    totals.Add(await inFlight.Dequeue());
                }
            }
        }
        finally
        {
            // Also when a claim failed: batches already sending finish and write their outcomes.
            while (inFlight.TryDequeue(out var batchTotals))
            {
                totals.Add(await batchTotals);
            }
        }

        var result = new TickResult(startedAt, totals.Found, totals.Sent, totals.Retried, totals.MarkedFailed, totals.Skipped,
            clock.GetElapsedTime(started));
        status.Record(result);
        activity?.SetTag("majster.found", result.Found).SetTag("majster.sent", result.Sent);
        return result;
    }

    /// <summary>Two: one batch sending while the previous one finishes its last sends and writes its outcomes.</summary>
    private const int MaxBatchesInFlight = 2;

    private async Task<TickTotals> ProcessBatchAsync(IReadOnlyList<ClaimedOfferSend> batch, CancellationToken cancellationToken)
    {
        var totals = new TickTotals { Found = batch.Count };
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

        return totals;
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

        public void Add(TickTotals other)
        {
            Found += other.Found;
            Sent += other.Sent;
            Retried += other.Retried;
            MarkedFailed += other.MarkedFailed;
            Skipped += other.Skipped;
        }
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
