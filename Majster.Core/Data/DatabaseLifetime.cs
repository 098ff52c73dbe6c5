using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

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

/// <summary>A schema the app needs beside its own migrations (Hangfire's), set up under the same lock right after them.</summary>
public interface ISchemaSetup
{
    Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken);
}

public static class DatabaseMigration
{
    /// <summary>The advisory lock's key: any constant no other code uses ("MJMIGR").</summary>
    private const long MigrationLockKey = 0x4D4A_4D49_4752;

    /// <summary>
    /// Applies every pending EF Core migration, then every <see cref="ISchemaSetup"/>, holding one advisory lock, so
    /// that instances starting together on one database take turns instead of creating the same objects at once.
    /// Answers the migrations it applied (none when the database was up to date).
    /// </summary>
    public static async Task<IReadOnlyList<string>> MigrateMajsterDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await using var connection = await scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var db = scope.ServiceProvider.GetRequiredService<MajsterDbContext>();
            // On a new database EF Core would read the missing history table first and log that failure as an error.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            foreach (var setup in scope.ServiceProvider.GetServices<ISchemaSetup>())
            {
                await setup.ApplyAsync(connection, cancellationToken);
            }

            return pending;
        }
        finally
        {
            // A pooled connection keeps its session: the lock must be released, not left to the close.
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
