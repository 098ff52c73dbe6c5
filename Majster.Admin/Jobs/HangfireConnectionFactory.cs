using Hangfire.PostgreSql;
using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>Hangfire's storage shares the app's data source (and so its pool and settings).</summary>
internal sealed class HangfireConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
}
