using Hangfire.PostgreSql;
using Majster.Core.Data;
using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>
/// Hangfire's schema is created or upgraded with the app's migrations, under their lock (at start when
/// <c>Database:MigrateOnStartup</c>, else by <c>--migrate</c>); Hangfire's storage itself never touches it.
/// </summary>
internal sealed class HangfireSchemaSetup : ISchemaSetup
{
    public Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Hangfire's installer is synchronous; it is a no-op when the schema is current.
        PostgreSqlObjectsInstaller.Install(connection, JobsExtensions.Schema);
        return Task.CompletedTask;
    }
}
