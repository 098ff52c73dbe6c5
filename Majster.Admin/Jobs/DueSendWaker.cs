using Majster.Core.Scheduling;
using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>
/// Sends on time rather than at the next cron tick: runs a tick, then sleeps until the earliest due
/// <c>scheduled_for</c>, waking early when PostgreSQL notifies <c>offer_sends_due</c> (raised by a trigger whenever
/// a row becomes claimable, whoever wrote it). It only ever calls <see cref="OfferSendProcessor.RunTickAsync"/>.
/// </summary>
internal sealed partial class DueSendWaker(
    NpgsqlDataSource dataSource,
    OfferSendProcessor processor,
    OfferSendQueue queue,
    TimeProvider clock,
    ILogger<DueSendWaker> logger) : BackgroundService
{
    public const string Channel = "offer_sends_due";

    /// <summary>The longest sleep without a notification; the cron job covers the rest (expired leases, say).</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                await WakeLoopAsync(connection, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogConnectionLost(logger, exception.Message);
                await Task.Delay(ReconnectDelay, clock, stoppingToken);
            }
        }
    }

    private async Task WakeLoopAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await processor.RunTickAsync(stoppingToken);

            var now = clock.GetUtcNow();
            var next = await queue.NextDueAsync(now, stoppingToken);
            var sleep = next is { } due ? Clamp(due - now) : MaxSleep;
            if (sleep > TimeSpan.Zero)
            {
                await SleepUntilNotifiedAsync(connection, sleep, stoppingToken);
            }
        }
    }

    /// <summary>Waits for a notification, or for <paramref name="sleep"/> to pass on the injected clock.</summary>
    private async Task SleepUntilNotifiedAsync(NpgsqlConnection connection, TimeSpan sleep, CancellationToken stoppingToken)
    {
        using var alarm = new CancellationTokenSource(sleep, clock);
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(alarm.Token, stoppingToken);
        try
        {
            await connection.WaitAsync(wake.Token);
        }
        catch (OperationCanceledException) when (alarm.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // Time to send what has become due.
        }
    }

    private static TimeSpan Clamp(TimeSpan untilDue) =>
        untilDue <= TimeSpan.Zero ? TimeSpan.Zero : untilDue > MaxSleep ? MaxSleep : untilDue;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The due-send waker lost its database connection ({Error}); reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, string error);
}
