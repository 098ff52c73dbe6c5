using Majster.Core.Scheduling;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>
/// Sends on time rather than at the next cron tick: runs a tick, then sleeps until the earliest due
/// <c>scheduled_for</c>. PostgreSQL notifies <see cref="DueNotifications.Channel"/> with the due instant whenever a
/// row becomes claimable within <see cref="DueNotifications.Horizon"/>, whoever wrote it; a notification earlier than
/// the alarm moves it (<see cref="DueAlarm"/>), a later one costs nothing. It only ever calls
/// <see cref="OfferSendProcessor.RunTickAsync"/>.
/// </summary>
internal sealed partial class DueSendWaker(
    IOptions<SchedulerOptions> options,
    NpgsqlDataSource dataSource,
    OfferSendProcessor processor,
    OfferSendQueue queue,
    SendGate gate,
    TimeProvider clock,
    ILogger<DueSendWaker> logger) : BackgroundService
{
    /// <summary>
    /// The longest sleep without a notification: <see cref="LongestSleep"/>, or one lease TTL when that is shorter, so
    /// a lease left by a crashed instance is picked up within about one TTL of expiring (no notification announces that).
    /// </summary>
    private TimeSpan MaxSleep => options.Value.LockTtl < LongestSleep ? options.Value.LockTtl : LongestSleep;

    /// <summary>
    /// The waker looks up the earliest due row itself at least this often; well inside
    /// <see cref="DueNotifications.Horizon"/>, so a row due beyond it is found without an announcement.
    /// </summary>
    internal static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    /// <summary>Released when a notification asks for an earlier wake-up than the one the waker sleeps until.</summary>
    private readonly SemaphoreSlim _notified = new(0, 1);

    private readonly DueAlarm _alarm = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var listening = ListenAsync(stoppingToken);
        try
        {
            var wakeAt = DateTimeOffset.MinValue;
            while (!stoppingToken.IsCancellationRequested)
            {
                if (wakeAt <= clock.GetUtcNow())
                {
                    wakeAt = await TickAsync(stoppingToken);
                }

                var until = _alarm.Arm(wakeAt);
                var sleep = until - clock.GetUtcNow();
                if (sleep > TimeSpan.Zero)
                {
                    await SleepUntilNotifiedAsync(sleep, stoppingToken);
                }

                wakeAt = _alarm.Disarm() is { } notified && notified < until ? notified : until;
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
    /// One tick, then when to tick next: when the earliest scheduled row is due or, while due rows wait for a pause, a
    /// back-off, the sending hours or the limits, when the gate lets the next one go; at most <see cref="MaxSleep"/> away.
    /// A tick that fails (the database is away, say) is logged and tried again after <see cref="ReconnectDelay"/>:
    /// the waker must outlive an outage, or it would take the host down with it.
    /// </summary>
    private async Task<DateTimeOffset> TickAsync(CancellationToken stoppingToken)
    {
        try
        {
            await processor.RunTickAsync(stoppingToken);
            var now = clock.GetUtcNow();
            var next = await queue.NextDueAsync(now, stoppingToken);
            if (next <= now)
            {
                // Due sends the tick left waiting: held is not busy, sleep until the gate lets the next one go.
                next = await gate.NextChanceAsync(now, stoppingToken);
            }

            return now + (next is { } due ? Clamp(due - now) : MaxSleep);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogTickFailed(logger, exception.GetType().Name, exception.Message);
            return clock.GetUtcNow() + ReconnectDelay;
        }
    }

    /// <summary>Holds a connection that LISTENs, and turns each notification into a wake-up; reconnects when it breaks.</summary>
    private Task ListenAsync(CancellationToken stoppingToken) => ListenerConnection.ListenAsync(
        dataSource.OpenConnectionAsync,
        DueNotifications.Channel,
        payload => Notify(DueInstant(payload)),
        // Whatever was written while we were not listening is picked up by this wake-up.
        listening: () => Notify(null),
        lost: error => LogConnectionLost(logger, error),
        ReconnectDelay,
        clock,
        stoppingToken);

    /// <summary>The instant a notification's payload names (Unix milliseconds), or null when it names none.</summary>
    internal static DateTimeOffset? DueInstant(string payload) =>
        long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    private void Notify(DateTimeOffset? due)
    {
        if (_alarm.Notify(due))
        {
            Wake();
        }
    }

    private void Wake()
    {
        if (_notified.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _notified.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another notification released it just now.
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
        // A wake-up the abandoned wait may have taken is not lost: the alarm has the instant it asked for.
        stoppingToken.ThrowIfCancellationRequested();
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
