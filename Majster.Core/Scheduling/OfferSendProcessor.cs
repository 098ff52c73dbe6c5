using System.Runtime.ExceptionServices;
using Majster.Core.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Majster.Core.Scheduling;

/// <summary>
/// One scheduler tick, the single code path behind the Hangfire job, the waker and the cron endpoint. It wires three
/// parts: the <see cref="ClaimFeed"/> claims due rows under a lease, the <see cref="OfferSendWorkers"/> send them
/// with bounded concurrency, and the <see cref="OutcomeWriter"/> records the outcomes fenced by the lease; until
/// nothing is due or the tick's budget is spent.
/// </summary>
public sealed partial class OfferSendProcessor(
    OfferSendQueue queue,
    IOfferEmailSender sender,
    SendGate gate,
    SchedulerInstance instance,
    SchedulerStatus status,
    TickMetrics ticks,
    IOptions<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<OfferSendProcessor> logger)
{
    private readonly SchedulerOptions _options = options.Value;
    private readonly OfferSendWorkers _workers = new(sender, gate, options.Value, clock, logger);

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
        var feed = new ClaimFeed(queue, gate, _options, instance, clock, logger, started);
        var writer = new OutcomeWriter(queue, _options, instance, clock, logger);
        var writing = writer.RunAsync(stop);

        Exception? failure = null;
        try
        {
            await _workers.RunAsync(feed, writer, stop.Token, abandon.Token);
        }
        catch (Exception exception)
        {
            // A claim failed: the rows already claimed have been sent, and their outcomes are still written.
            failure = exception;
        }

        writer.Complete();
        var written = new TickTotals();
        try
        {
            written = await writing;
        }
        catch (Exception exception)
        {
            failure ??= exception;
        }

        await feed.GiveBackAsync();
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

        var result = new TickResult(startedAt, feed.Found, written.Sent, written.Retried, written.MarkedFailed,
            written.Skipped + feed.Unsent, clock.GetElapsedTime(started));
        status.Record(result);
        ticks.RecordCompleted();
        activity?.SetTag("majster.found", result.Found).SetTag("majster.sent", result.Sent);
        return result;
    }

    // The runbook's log line, word for word.
    [LoggerMessage(Level = LogLevel.Information, Message = "[scheduler-worker] Running scheduler tick at {Now}")]
    private static partial void LogTick(ILogger logger, string now);
}
