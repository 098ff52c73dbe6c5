using System.Collections.Concurrent;
using Majster.Core.Email;
using Majster.Core.Offers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>
/// One scheduler tick, the single code path behind the Hangfire job, the waker and the cron endpoint: claim due
/// rows under a lease, send them with bounded concurrency, write the outcomes in one fenced statement per batch,
/// and repeat until nothing is due or the tick's budget is spent; the next claim and the last batch's outcome write
/// run while a batch is sending.
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

        // A pipeline: while one batch is being sent, the next one is claimed, and the previous one's outcomes are
        // written. Only one batch sends at a time, so its SendConcurrency workers each keep one SMTP connection busy
        // message after message (two batches sending at once would queue for the same connections), and the claim and
        // the outcome write never leave the connections idle.
        var totals = new TickTotals();
        var claiming = cancellationToken.IsCancellationRequested ? null : ClaimAsync(cancellationToken);
        Task<TickTotals>? writing = null;
        try
        {
            while (claiming is not null)
            {
                var batch = await claiming;
                claiming = null;
                if (batch.Count == 0)
                {
                    break;
                }

                LogFound(logger, batch.Count);
                var sending = SendBatchAsync(batch, cancellationToken);
                if (batch.Count == _options.BatchSize && !cancellationToken.IsCancellationRequested
                    && clock.GetElapsedTime(started) < _options.TickBudget)
                {
                    claiming = ClaimAsync(cancellationToken);
                }

                // The batch just sent is written first, so that a failed write of the one before cannot lose it.
                var outcomes = await sending;
                var previous = writing;
                writing = WriteOutcomesAsync(batch, outcomes);
                if (previous is not null)
                {
                    totals.Add(await previous);
                }

                if (cancellationToken.IsCancellationRequested && claiming is not null)
                {
                    // Shutting down: rows claimed ahead are given back unsent rather than sent.
                    await GiveBackAsync(claiming);
                    claiming = null;
                }
            }
        }
        finally
        {
            // Also when a claim or a write failed: a batch already sent still has its outcomes written, and a claim made
            // ahead is given back.
            try
            {
                if (writing is not null)
                {
                    totals.Add(await writing);
                }
            }
            finally
            {
                if (claiming is not null)
                {
                    await GiveBackAsync(claiming);
                }
            }
        }

        var result = new TickResult(startedAt, totals.Found, totals.Sent, totals.Retried, totals.MarkedFailed, totals.Skipped,
            clock.GetElapsedTime(started));
        status.Record(result);
        activity?.SetTag("majster.found", result.Found).SetTag("majster.sent", result.Sent);
        return result;
    }

    private async Task<IReadOnlyList<ClaimedOfferSend>> ClaimAsync(CancellationToken cancellationToken)
    {
        var claimStarted = clock.GetTimestamp();
        var batch = await queue.ClaimAsync(clock.GetUtcNow(), _options.BatchSize, _options.LockTtl, instance.Name, cancellationToken);
        SchedulerTelemetry.RecordClaim(clock.GetElapsedTime(claimStarted));
        return batch;
    }

    /// <summary>Releases the leases of a claim that will not be sent (shutdown, or the batch before it failed).</summary>
    private async Task GiveBackAsync(Task<IReadOnlyList<ClaimedOfferSend>> claiming)
    {
        try
        {
            await queue.ReleaseAsync(await claiming, instance.Name, CancellationToken.None);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Npgsql.NpgsqlException or TimeoutException)
        {
            // Nothing was claimed, or the database is away: the leases simply expire.
        }
    }

    /// <summary>Sends a batch, <c>SendConcurrency</c> messages at a time; the outcomes of the messages attempted.</summary>
    private async Task<IReadOnlyList<OfferSendOutcome>> SendBatchAsync(IReadOnlyList<ClaimedOfferSend> batch, CancellationToken cancellationToken)
    {
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
        return [.. outcomes];
    }

    /// <summary>Writes a sent batch's outcomes in one fenced statement and gives back the rows it did not attempt.</summary>
    private async Task<TickTotals> WriteOutcomesAsync(IReadOnlyList<ClaimedOfferSend> batch, IReadOnlyList<OfferSendOutcome> written)
    {
        var totals = new TickTotals { Found = batch.Count };
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
