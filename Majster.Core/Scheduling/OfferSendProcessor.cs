using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Majster.Core.Email;
using Majster.Core.Offers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>
/// One scheduler tick, the single code path behind the Hangfire job, the waker and the cron endpoint: claim due
/// rows under a lease, send them with bounded concurrency, write the outcomes in fenced statements, and repeat until
/// nothing is due or the tick's budget is spent.
/// </summary>
/// <remarks>
/// A tick is three stages joined by bounded channels, so that no stage waits for a whole batch of another:
/// one claimer fills a buffer of claimed rows a batch at a time; <c>SendConcurrency</c> workers each take the next
/// row as soon as their connection is free (no batch boundary leaves connections idle while the slowest message of
/// a batch finishes); one writer records the outcomes that have piled up while its previous write ran, in one fenced
/// statement (so under load the writes grow and their number falls). Leased and not yet sent: at most two batches
/// (the buffer and the claim waiting to enter it) plus the messages in flight. Outcomes waiting to be written are
/// bounded too (two batches), so a slow database slows the sending rather than letting leases run out unwritten.
/// </remarks>
public sealed partial class OfferSendProcessor(
    OfferSendQueue queue,
    IOfferEmailSender sender,
    SchedulerInstance instance,
    SchedulerStatus status,
    TickMetrics ticks,
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

        using var tick = new TickState(_options, cancellationToken);
        var claiming = ClaimAllAsync(tick, started);
        var writing = WriteAllAsync(tick);
        var sending = Task.WhenAll(Enumerable.Range(0, _options.SendConcurrency).Select(_ => SendAllAsync(tick)));

        // Every stage is awaited, whatever failed, before the rows left unsent are given back; then the first failure
        // ends the tick. A failed write stops the claimer and the workers itself; a failed claim still lets the rows
        // already claimed be sent and written.
        Exception? failure = null;
        try
        {
            await sending;
        }
        catch (Exception exception)
        {
            failure = exception;
            await tick.Stop.CancelAsync();
        }

        tick.Outcomes.Writer.TryComplete();
        var written = new TickTotals();
        try
        {
            written = await writing;
        }
        catch (Exception exception)
        {
            failure ??= exception;
        }

        try
        {
            await claiming;
        }
        catch (Exception exception)
        {
            failure ??= exception;
        }

        await GiveBackAsync(tick.Untouched);
        if (failure is not null)
        {
            // Stopping for shutdown is not a failure of the tick.
            if (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                ticks.RecordFailed(failure);
                status.RecordFailure(clock.GetUtcNow(), failure);
            }

            ExceptionDispatchInfo.Throw(failure);
        }

        var result = new TickResult(startedAt, tick.Found, written.Sent, written.Retried, written.MarkedFailed,
            written.Skipped + tick.Untouched.Count, clock.GetElapsedTime(started));
        status.Record(result);
        ticks.RecordCompleted();
        activity?.SetTag("majster.found", result.Found).SetTag("majster.sent", result.Sent);
        return result;
    }

    /// <summary>Claims batches into the buffer until one comes back short, the budget is spent or the tick stops.</summary>
    private async Task ClaimAllAsync(TickState tick, long started)
    {
        var rows = tick.Rows.Writer;
        try
        {
            while (!tick.Stop.IsCancellationRequested)
            {
                var claimStarted = clock.GetTimestamp();
                IReadOnlyList<ClaimedOfferSend> batch;
                try
                {
                    batch = await queue.ClaimAsync(clock.GetUtcNow(), _options.BatchSize, _options.LockTtl, instance.Name, tick.Stop.Token);
                }
                catch (OperationCanceledException) when (tick.Stop.IsCancellationRequested)
                {
                    return;
                }

                SchedulerTelemetry.RecordClaim(clock.GetElapsedTime(claimStarted));
                if (batch.Count == 0)
                {
                    return;
                }

                tick.Found += batch.Count;
                LogFound(logger, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    try
                    {
                        await rows.WriteAsync(batch[i], tick.Stop.Token);
                    }
                    catch (OperationCanceledException) when (tick.Stop.IsCancellationRequested)
                    {
                        // Stopping: the rest of this claim is given back unsent.
                        foreach (var unsent in batch.Skip(i))
                        {
                            tick.Untouched.Enqueue(unsent);
                        }

                        return;
                    }
                }

                if (batch.Count < _options.BatchSize || clock.GetElapsedTime(started) >= _options.TickBudget)
                {
                    return;
                }
            }
        }
        finally
        {
            rows.TryComplete();
        }
    }

    /// <summary>
    /// One worker: sends the next claimed row while there is one. Once the tick stops, rows still in the buffer are
    /// left untouched (given back); a send under way gets a short grace, then is abandoned (and retried later).
    /// </summary>
    private async Task SendAllAsync(TickState tick)
    {
        var rows = tick.Rows.Reader;
        while (await rows.WaitToReadAsync(CancellationToken.None))
        {
            while (rows.TryRead(out var claimed))
            {
                if (tick.Stop.IsCancellationRequested || !HasLeaseToSend(claimed))
                {
                    tick.Untouched.Enqueue(claimed);
                    continue;
                }

                tick.SendStarted();
                var outcome = await SendOneAsync(claimed, tick.Abandon.Token);
                try
                {
                    await tick.Outcomes.Writer.WriteAsync(outcome, CancellationToken.None);
                }
                catch (ChannelClosedException)
                {
                    // The writer failed: this outcome cannot be recorded, and the row's lease will run out, after
                    // which it is claimed and sent again (at least once, never lost).
                }
                finally
                {
                    tick.SendFinished();
                }
            }
        }
    }

    /// <summary>
    /// A row starts sending only while at least half its lease is left: one that waited in the buffer longer may be
    /// claimed by another instance before its outcome is written, and then both would send it. It is given back
    /// instead, and sent by whoever claims it next.
    /// </summary>
    private bool HasLeaseToSend(ClaimedOfferSend claimed) => claimed.LockedUntil - clock.GetUtcNow() >= _options.LockTtl / 2;

    private async Task<OfferSendOutcome> SendOneAsync(ClaimedOfferSend claimed, CancellationToken abandon)
    {
        using var sending = SchedulerTelemetry.Source.StartActivity("scheduler.send");
        sending?.SetTag("majster.offer_send_id", claimed.Id);
        var startedAt = clock.GetUtcNow();
        DeliveryResult delivery;
        try
        {
            delivery = await sender.SendAsync(claimed.Email, abandon);
        }
        catch (OperationCanceledException)
        {
            delivery = DeliveryResult.Transient("Interrupted by shutdown; the message may or may not have been delivered.");
        }
        catch (Exception exception)
        {
            // Whatever stops one send (a missing outbox, a template error, a bug in a sender) is that send's attempt,
            // retried by the rule like any other failure; it never stops the tick nor leaves the row unrecorded.
            LogSendThrew(logger, claimed.Id, exception);
            delivery = DeliveryResult.Transient($"{exception.GetType().Name}: {exception.Message}");
        }

        return RetryPolicy.Decide(claimed, delivery, startedAt, clock.GetUtcNow(), _options);
    }

    /// <summary>
    /// Writes outcomes in fenced statements of up to a batch each: while sends are still under way it waits for a
    /// batch's worth, since one statement for fifty rows costs the database little more than one for five (the
    /// statement's triggers, its plan and its round trip are paid once); once nothing more is being sent, it writes
    /// what it has at once. An outcome so waits at most for the sends in flight when it came, or for a batch of them.
    /// A failed write stops the tick: nothing more is claimed or sent.
    /// </summary>
    private async Task<TickTotals> WriteAllAsync(TickState tick)
    {
        var totals = new TickTotals();
        var outcomes = tick.Outcomes.Reader;
        var pending = new List<OfferSendOutcome>(tick.OutcomeCapacity);
        try
        {
            while (await outcomes.WaitToReadAsync(CancellationToken.None))
            {
                Take(outcomes, pending, tick.OutcomeCapacity);
                while (pending.Count < _options.BatchSize && tick.MoreOutcomesComing
                       && await outcomes.WaitToReadAsync(CancellationToken.None))
                {
                    Take(outcomes, pending, tick.OutcomeCapacity);
                }

                var updated = await queue.RecordAsync(pending, clock.GetUtcNow(), instance.Name, CancellationToken.None);
                foreach (var written in pending)
                {
                    Report(written, updated.Contains(written.Claimed.Id), totals);
                }

                pending.Clear();
            }
        }
        catch (Exception exception)
        {
            tick.Outcomes.Writer.TryComplete();
            await tick.Stop.CancelAsync();
            LogWriteFailed(logger, pending.Count, exception.Message);
            throw;
        }

        return totals;
    }

    private static void Take(ChannelReader<OfferSendOutcome> outcomes, List<OfferSendOutcome> pending, int capacity)
    {
        while (pending.Count < capacity && outcomes.TryRead(out var outcome))
        {
            pending.Add(outcome);
        }
    }

    /// <summary>Releases the leases of rows that will not be sent this tick (shutdown, or a failed write).</summary>
    private async Task GiveBackAsync(IReadOnlyCollection<ClaimedOfferSend> untouched)
    {
        try
        {
            await queue.ReleaseAsync([.. untouched], instance.Name, CancellationToken.None);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Npgsql.NpgsqlException or TimeoutException)
        {
            // The database is away: the leases simply expire.
        }
    }

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

    // The runbook's log lines, word for word.
    [LoggerMessage(Level = LogLevel.Error, Message = "[scheduler-worker] Sending offer {OfferSendId} threw; recorded as a failed attempt")]
    private static partial void LogSendThrew(ILogger logger, Guid offerSendId, Exception exception);

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the outcomes of {Count} sends failed; the tick stops and gives back the rows not yet sent: {Error}")]
    private static partial void LogWriteFailed(ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "[scheduler-worker] Outcome of offer {OfferSendId} not written: its lease expired and another worker holds it")]
    private static partial void LogFenced(ILogger logger, Guid offerSendId);
}
