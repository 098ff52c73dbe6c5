using System.Threading.Channels;
using Majster.Core.Offers;
using Microsoft.Extensions.Logging;

namespace Majster.Core.Scheduling;

/// <summary>
/// One tick's outcome writer: the workers' outcomes come through a bounded channel, and one loop records those that
/// pile up while its previous write runs, in one statement fenced by each row's lease, so under load the writes grow
/// and their number falls. A failed write stops the tick: nothing more is claimed or sent.
/// </summary>
internal sealed partial class OutcomeWriter
{
    private readonly OfferSendQueue _queue;
    private readonly SchedulerOptions _options;
    private readonly SchedulerInstance _instance;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<OfferSendOutcome> _channel;
    private int _sending;

    public OutcomeWriter(OfferSendQueue queue, SchedulerOptions options, SchedulerInstance instance, TimeProvider clock, ILogger logger)
    {
        (_queue, _options, _instance, _clock, _logger) = (queue, options, instance, clock, logger);
        _channel = Channel.CreateBounded<OfferSendOutcome>(new BoundedChannelOptions(2 * options.BatchSize) { SingleReader = true });
    }

    /// <summary>
    /// Runs <paramref name="send"/> and hands its outcome over. While any send is under way the writer waits for a
    /// batch's worth, since one statement for fifty rows costs the database little more than one for five.
    /// </summary>
    public async Task WriteWhenDoneAsync(Func<Task<OfferSendOutcome>> send)
    {
        Interlocked.Increment(ref _sending);
        try
        {
            await _channel.Writer.WriteAsync(await send(), CancellationToken.None);
        }
        catch (ChannelClosedException)
        {
            // The writer failed: this outcome cannot be recorded, and the row's lease will run out, after which it is
            // claimed and sent again (at least once, never lost).
        }
        finally
        {
            Interlocked.Decrement(ref _sending);
        }
    }

    /// <summary>No more outcomes come; <see cref="RunAsync"/> ends once it has written what it holds.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Records outcomes until <see cref="Complete"/>; on a failed write, cancels <paramref name="stop"/> and throws.</summary>
    public async Task<TickTotals> RunAsync(CancellationTokenSource stop)
    {
        var totals = new TickTotals();
        var outcomes = _channel.Reader;
        var most = 2 * _options.BatchSize;
        var pending = new List<OfferSendOutcome>(most);
        try
        {
            while (await outcomes.WaitToReadAsync(CancellationToken.None))
            {
                Take(outcomes, pending, most);
                while (pending.Count < _options.BatchSize && SendsUnderWay && await outcomes.WaitToReadAsync(CancellationToken.None))
                {
                    Take(outcomes, pending, most);
                }

                var updated = await _queue.RecordAsync(pending, _clock.GetUtcNow(), _instance.Name, CancellationToken.None);
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
            _channel.Writer.TryComplete();
            await stop.CancelAsync();
            LogWriteFailed(_logger, pending.Count, exception.Message);
            throw;
        }

        return totals;
    }

    /// <summary>
    /// Read without a lock: a stale answer makes one write smaller, or one wait last until the next outcome comes or
    /// the tick's sends are all done.
    /// </summary>
    private bool SendsUnderWay => Volatile.Read(ref _sending) > 0;

    private static void Take(ChannelReader<OfferSendOutcome> outcomes, List<OfferSendOutcome> pending, int most)
    {
        while (pending.Count < most && outcomes.TryRead(out var outcome))
        {
            pending.Add(outcome);
        }
    }

    private void Report(OfferSendOutcome outcome, bool written, TickTotals totals)
    {
        var id = outcome.Claimed.Id;
        SchedulerTelemetry.RecordOutcome(outcome, written);
        if (!written)
        {
            LogFenced(_logger, id);
            totals.Skipped++;
            return;
        }

        switch (outcome.Status)
        {
            case OfferSendStatus.Sent:
                totals.Sent++;
                LogSent(_logger, id);
                break;
            case OfferSendStatus.Scheduled when outcome.Delivery.IsThrottle:
                // Not a retry: the send waits at the front of the queue for the back-off.
                totals.Skipped++;
                break;
            case OfferSendStatus.Scheduled:
                totals.Retried++;
                LogRetry(_logger, outcome.RetryCount, outcome.Claimed.MaxRetries, id);
                break;
            default:
                totals.MarkedFailed++;
                LogFailed(_logger, id, outcome.RetryCount, outcome.ErrorMessage);
                break;
        }
    }

    // The runbook's log lines, word for word.
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
