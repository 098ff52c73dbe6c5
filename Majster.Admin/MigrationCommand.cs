using Majster.Core.Data;

namespace Majster.Admin;

/// <summary><c>dotnet Majster.Admin.dll --migrate</c>: apply pending migrations to the configured database and exit.</summary>
internal static partial class MigrationCommand
{
    public const string Argument = "--migrate";

    public static async Task RunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Majster.Admin.Migrations");
        var applied = await app.Services.MigrateMajsterDatabaseAsync(app.Lifetime.ApplicationStopping);
        if (applied.Count == 0)
        {
            LogUpToDate(logger);
        }
        else
        {
            LogApplied(logger, applied.Count, string.Join(", ", applied));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The database is up to date: no migration to apply")]
    private static partial void LogUpToDate(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migrations: {Migrations}")]
    private static partial void LogApplied(ILogger logger, int count, string migrations);
}
