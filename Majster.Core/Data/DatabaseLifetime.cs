using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Majster.Core.Data;

/// <summary>
/// Registered before every other hosted service: it applies migrations before anything else starts and, being
/// stopped last, shuts the embedded cluster (started before the host, <see cref="MajsterDatabase.EnsureStartedAsync"/>)
/// down after everything that uses it.
/// </summary>
internal sealed partial class DatabaseLifetime(
    IServiceProvider services,
    MajsterDatabase database,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseLifetime> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            await services.MigrateMajsterDatabaseAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (database.Embedded is { } embedded)
        {
            LogStopping(logger);
            await embedded.StopAsync(CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping the embedded PostgreSQL server")]
    private static partial void LogStopping(ILogger logger);
}

public static class DatabaseMigration
{
    /// <summary>Applies every pending EF Core migration to the configured database.</summary>
    public static async Task MigrateMajsterDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MajsterDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
