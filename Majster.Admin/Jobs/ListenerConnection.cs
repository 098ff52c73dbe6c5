using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>
/// The LISTEN loop the due-send waker and the pages' change feed share: a connection that LISTENs on a channel and
/// hands each notification on, connecting again when the database goes away or the connection breaks.
/// </summary>
internal static class ListenerConnection
{
    /// <summary>
    /// Listens on <paramref name="channel"/> until the host stops. <paramref name="listening"/> runs after each
    /// (re)connection, as notifications may have been missed in between; <paramref name="lost"/> gets the error of a
    /// lost connection, after which the loop waits <paramref name="reconnectDelay"/> and connects again.
    /// </summary>
    public static async Task ListenAsync(
        Func<CancellationToken, ValueTask<NpgsqlConnection>> open,
        string channel,
        Action<string> notified,
        Action listening,
        Action<string> lost,
        TimeSpan reconnectDelay,
        TimeProvider clock,
        CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await open(stoppingToken);
                connection.Notification += (_, notification) => notified(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                try
                {
                    listening();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                finally
                {
                    await StopListeningAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (IsLost(exception))
            {
                lost(exception.Message);
                if (!await PauseAsync(reconnectDelay, clock, stoppingToken))
                {
                    return;
                }
            }
        }
    }

    private static bool IsLost(Exception exception) =>
        exception is NpgsqlException or TimeoutException or InvalidOperationException or IOException;

    /// <summary>
    /// A pooled connection keeps its session (no reset on close), so one still open goes back to the pool without its
    /// LISTEN: an idle listener would hold back the server's notification queue.
    /// </summary>
    private static async Task StopListeningAsync(NpgsqlConnection connection)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception exception) when (IsLost(exception))
        {
            // Broken: it will not be reused.
        }
    }

    private static async Task<bool> PauseAsync(TimeSpan delay, TimeProvider clock, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
