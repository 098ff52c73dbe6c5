using Majster.Core.Data;

namespace Majster.Admin;

/// <summary>The step before the host starts: the embedded PostgreSQL cluster, when the app runs on one.</summary>
internal static partial class DatabaseStartup
{
    /// <summary>
    /// Starts the embedded cluster (nothing to do with a configured connection string), before migrations and Hangfire's
    /// storage need it. When it cannot start, logs why in one line and returns false: the app then exits with code 1.
    /// </summary>
    public static async Task<bool> TryStartDatabaseAsync(this WebApplication app)
    {
        try
        {
            await app.Services.GetRequiredService<MajsterDatabase>().EnsureStartedAsync(CancellationToken.None);
            return true;
        }
        catch (EmbeddedPostgresException e)
        {
            LogCannotStart(app.Services.GetRequiredService<ILogger<MajsterDatabase>>(), e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The embedded PostgreSQL server could not start, so the app stops. {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string reason);
}
