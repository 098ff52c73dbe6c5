using Majster.Core.Scheduling;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>
/// Sends on time rather than at the next cron tick: runs a tick, then sleeps until the earliest due
/// <c>scheduled_for</c>, waking early when PostgreSQL notifies <c>offer_sends_due</c> (raised by a trigger whenever
/// a row becomes claimable, whoever wrote it). It only ever calls <see cref="OfferSendProcessor.RunTickAsync"/>.
/// </summary>
internal sealed partial class DueSendWaker(
    IOptions<SchedulerOptions> options,
    NpgsqlDataSource dataSource,
    OfferSendProcessor processor,
    OfferSendQueue queue,
    TimeProvider clock,
    ILogger<DueSendWaker> logger) : BackgroundService
{
    public const string Channel = "offer_sends_due";

    /// <summary>
    /// The longest sleep without a notification: a minute, or one lease TTL when that is shorter, so a lease left by a
    /// crashed instance is picked up within about one TTL of expiring (no notification announces that).
    /// </summary>
    private TimeSpan MaxSleep => options.Value.LockTtl < TimeSpan.FromMinutes(1) ? options.Value.LockTtl : TimeSpan.FromMinutes(1);

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    /// <summary>Released by every notification; a notification that arrives mid-tick is kept for the next wait.</summary>
    private readonly SemaphoreSlim _notified = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var listening = ListenAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var sleep = await TickAsync(stoppingToken);
                if (sleep > TimeSpan.Zero)
                {
                    await SleepUntilNotifiedAsync(sleep, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await listening;
        }
    }

    /// <summary>
    /// One tick, then how long to sleep. A tick that fails (the database is away, say) is logged and tried again
    /// after <see cref="ReconnectDelay"/>: the waker must outlive an outage, or it would take the host down with it.
    /// </summary>
    private async Task<TimeSpan> TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await processor.RunTickAsync(stoppingToken);
            var now = clock.GetUtcNow();
            var next = await queue.NextDueAsync(now, stoppingToken);
            return next is { } due ? Clamp(due - now) : MaxSleep;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogTickFailed(logger, exception.GetType().Name, exception.Message);
            return ReconnectDelay;
        }
    }

    /// <summary>Holds a connection that LISTENs, and turns each notification into a wake-up; reconnects when it breaks.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Whatever was written while we were not listening is picked up by this wake-up.
                Wake();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException or IOException)
            {
                LogConnectionLost(logger, exception.Message);
                try
                {
                    await Task.Delay(ReconnectDelay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Wake()
    {
        try
        {
            _notified.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending.
        }
    }

    /// <summary>Waits for a notification, or for <paramref name="sleep"/> to pass on the injected clock.</summary>
    private async Task SleepUntilNotifiedAsync(TimeSpan sleep, CancellationToken stoppingToken)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var alarm = Task.Delay(sleep, clock, done.Token);
        var notified = _notified.WaitAsync(done.Token);
        await Task.WhenAny(alarm, notified);
        await done.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        if (notified.IsCompletedSuccessfully)
        {
            return;
        }

        // The alarm won; make sure the abandoned semaphore wait did not take a wake-up meant for the next sleep.
        try
        {
            await notified;
            Wake();
        }
        catch (OperationCanceledException)
        {
            // It was cancelled, as intended.
        }
    }

    public override void Dispose()
    {
        _notified.Dispose();
        base.Dispose();
    }

    private TimeSpan Clamp(TimeSpan untilDue) =>
        untilDue <= TimeSpan.Zero ? TimeSpan.Zero : untilDue > MaxSleep ? MaxSleep : untilDue;

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduler tick of the due-send waker failed ({ExceptionType}: {Error}); trying again shortly")]
    private static partial void LogTickFailed(ILogger logger, string exceptionType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The due-send waker lost its database connection ({Error}); reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, string error);
}
