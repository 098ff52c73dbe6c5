using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>What the LISTEN loops (the due-send waker, the pages' change feed) share about a lost connection.</summary>
internal static class ListenerConnection
{
    /// <summary>The database went away or the connection broke: log it, wait, connect again.</summary>
    public static bool IsLost(Exception exception) =>
        exception is NpgsqlException or TimeoutException or InvalidOperationException or IOException;

    /// <summary>Waits <paramref name="delay"/> before reconnecting; false when the host is stopping instead.</summary>
    public static async Task<bool> PauseAsync(TimeSpan delay, TimeProvider clock, CancellationToken stoppingToken)
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
