using System.Runtime.CompilerServices;
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
/// <c>SendConcurrency</c> workers (<see cref="Parallel.ForEachAsync{TSource}(IAsyncEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>)
/// take claimed rows one at a time from <see cref="ClaimAllAsync"/>, which claims the next batch while they send the
/// current one, so no worker waits for a claim or for the slowest message of a batch. One writer records the outcomes that pile up while
/// its previous write runs, in one fenced statement each time, so under load the writes grow and their number falls.
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

        // Stop: shutdown or a failed write; nothing more is claimed or started. Abandon: half the shutdown timeout
        // after shutdown began, sends still under way are given up (and retried later).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abandon = new CancellationTokenSource();
        using var graceAfterShutdown = cancellationToken.Register(() => abandon.CancelAfter(_options.ShutdownTimeout / 2));
        var progress = new TickProgress();
        var outcomes = Channel.CreateBounded<OfferSendOutcome>(new BoundedChannelOptions(2 * _options.BatchSize) { SingleReader = true });
        var writing = WriteAllAsync(outcomes, progress, stop);

        Exception? failure = null;
        try
        {
            var workers = new ParallelOptions { MaxDegreeOfParallelism = _options.SendConcurrency };
            await Parallel.ForEachAsync(ClaimAllAsync(progress, started, stop.Token), workers, async (claimed, _) =>
            {
                if (stop.IsCancellationRequested || !HasLeaseToSend(claimed))
                {
                    progress.Untouched.Enqueue(claimed);
                    return;
                }

                progress.SendStarted();
                try
                {
                    await outcomes.Writer.WriteAsync(await SendOneAsync(claimed, abandon.Token), CancellationToken.None);
                }
                catch (ChannelClosedException)
                {
                    // The writer failed: this outcome cannot be recorded, and the row's lease will run out, after
                    // which it is claimed and sent again (at least once, never lost).
                }
                finally
                {
                    progress.SendFinished();
                }
            });
        }
        catch (Exception exception)
        {
            // A claim failed: the rows already claimed have been sent, and their outcomes are still written.
            failure = exception;
        }

        outcomes.Writer.TryComplete();
        var written = new TickTotals();
        try
        {
            written = await writing;
        }
        catch (Exception exception)
        {
            failure ??= exception;
        }

        await GiveBackAsync(progress.Untouched);
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

        var result = new TickResult(startedAt, progress.Found, written.Sent, written.Retried, written.MarkedFailed,
            written.Skipped + progress.Untouched.Count, clock.GetElapsedTime(started));
        status.Record(result);
        ticks.RecordCompleted();
        activity?.SetTag("majster.found", result.Found).SetTag("majster.sent", result.Sent);
        return result;
    }

    /// <summary>
    /// The claimed rows, one at a time, until a claim comes back short, the budget is spent or the tick stops. The next
    /// batch is claimed while the workers send the current one, so that they never wait for a claim. What is left
    /// claimed and unsent when the tick stops is given back.
    /// </summary>
    private async IAsyncEnumerable<ClaimedOfferSend> ClaimAllAsync(TickProgress progress, long started, [EnumeratorCancellation] CancellationToken stop)
    {
        var next = ClaimAsync(stop);
        var batch = (IReadOnlyList<ClaimedOfferSend>)[];
        var taken = 0;
        try
        {
            while (true)
            {
                (batch, taken) = (await next, 0);
                next = batch.Count < _options.BatchSize || clock.GetElapsedTime(started) >= _options.TickBudget
                    ? Task.FromResult<IReadOnlyList<ClaimedOfferSend>>([])
                    : ClaimAsync(stop);
                if (batch.Count == 0)
                {
                    yield break;
                }

                progress.Found += batch.Count;
                LogFound(logger, batch.Count);
                for (; taken < batch.Count && !stop.IsCancellationRequested; taken++)
                {
                    yield return batch[taken];
                }

                if (stop.IsCancellationRequested)
                {
                    yield break;
                }
            }
        }
        finally
        {
            // Rows not handed to a worker: the rest of this batch and the one claimed ahead.
            foreach (var unsent in batch.Skip(taken))
            {
                progress.Untouched.Enqueue(unsent);
            }

            var ahead = await next;
            progress.Found += ahead.Count;
            foreach (var unsent in ahead)
            {
                progress.Untouched.Enqueue(unsent);
            }
        }
    }

    /// <summary>One claim; none once the tick stops.</summary>
    private async Task<IReadOnlyList<ClaimedOfferSend>> ClaimAsync(CancellationToken stop)
    {
        var claimStarted = clock.GetTimestamp();
        try
        {
            return await queue.ClaimAsync(clock.GetUtcNow(), _options.BatchSize, _options.LockTtl, instance.Name, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return [];
        }
        finally
        {
            SchedulerTelemetry.RecordClaim(clock.GetElapsedTime(claimStarted));
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
    /// Writes outcomes in fenced statements: while sends are under way it waits for a batch's worth, since one statement
    /// for fifty rows costs the database little more than one for five; otherwise it writes what it has at once. A
    /// failed write stops the tick: nothing more is claimed or sent.
    /// </summary>
    private async Task<TickTotals> WriteAllAsync(Channel<OfferSendOutcome> channel, TickProgress progress, CancellationTokenSource stop)
    {
        var totals = new TickTotals();
        var outcomes = channel.Reader;
        var most = 2 * _options.BatchSize;
        var pending = new List<OfferSendOutcome>(most);
        try
        {
            while (await outcomes.WaitToReadAsync(CancellationToken.None))
            {
                Take(outcomes, pending, most);
                while (pending.Count < _options.BatchSize && progress.Sending && await outcomes.WaitToReadAsync(CancellationToken.None))
                {
                    Take(outcomes, pending, most);
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
            // Workers waiting to hand over an outcome get ChannelClosedException instead of waiting for ever.
            channel.Writer.TryComplete();
            await stop.CancelAsync();
            LogWriteFailed(logger, pending.Count, exception.Message);
            throw;
        }

        return totals;
    }

    private static void Take(ChannelReader<OfferSendOutcome> outcomes, List<OfferSendOutcome> pending, int most)
    {
        while (pending.Count < most && outcomes.TryRead(out var outcome))
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
