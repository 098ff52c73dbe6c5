using Hangfire.PostgreSql;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

[assembly: AssemblyFixture(typeof(Majster.Tests.Support.PostgresCluster))]

namespace Majster.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started by the app's own launcher in a temporary folder
/// with durability off, when the first test asks for a database (a run of unit tests starts none). A template
/// database is migrated once; every test class gets a fresh copy of it.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string TemplateDatabase = "majster_template";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "majster-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private readonly Lazy<Task<EmbeddedPostgres>> _server;

    public PostgresCluster() => _server = new(StartAsync);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    private async Task<EmbeddedPostgres> StartAsync()
    {
        var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresSettings { DataDirectory = _directory, Durable = false, MaxConnections = 400 });
        await server.EnsureDatabaseAsync(TemplateDatabase);

        var template = server.ConnectionString(TemplateDatabase) + ";Pooling=false";
        await using (var db = Database.CreateContext(template))
        {
            await db.Database.MigrateAsync();
        }

        await using (var connection = new NpgsqlConnection(template))
        {
            await connection.OpenAsync();
            PostgreSqlObjectsInstaller.Install(connection, "hangfire");
        }

        return server;
    }

    /// <summary>
    /// A new database, a copy of the migrated template (or, with <paramref name="migrated"/> false, empty, for tests of
    /// what the app does to a new database); returns its connection string.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true, CancellationToken cancellationToken = default)
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        var server = await _server.Value;
        await _createGate.WaitAsync(cancellationToken);
        try
        {
            await server.EnsureDatabaseAsync(name, migrated ? TemplateDatabase : null, cancellationToken);
        }
        finally
        {
            _createGate.Release();
        }

        return server.ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server.IsValueCreated && _server.Value.IsCompletedSuccessfully)
        {
            await _server.Value.Result.StopAsync();
        }

        _createGate.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
