using System.Globalization;
using Hangfire.PostgreSql;
using Majster.Core;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for one bench run, started by the app's own launcher in a temporary folder with
/// durability off (fsync, synchronous commit and full-page writes off), and one migrated database in it.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private const string DatabaseName = "majster_bench";
    private readonly string _directory;
    private readonly EmbeddedPostgres _server;

    private BenchDatabase(string directory, EmbeddedPostgres server, NpgsqlDataSource dataSource)
    {
        _directory = directory;
        _server = server;
        DataSource = dataSource;
    }

    public string ConnectionString => _server.ConnectionString(DatabaseName);

    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchDatabase> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "majster-bench-" + Guid.NewGuid().ToString("N")[..8]);
        var server = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresSettings { DataDirectory = directory, Durable = false, MaxConnections = 300 }, cancellationToken: cancellationToken);
        try
        {
            await server.EnsureDatabaseAsync(DatabaseName, cancellationToken: cancellationToken);
            var connectionString = server.ConnectionString(DatabaseName);
            var options = new DbContextOptionsBuilder<MajsterDbContext>();
            MajsterCoreExtensions.ConfigureDbContext(options, connectionString);
            await using (var db = new MajsterDbContext(options.Options))
            {
                await db.Database.MigrateAsync(cancellationToken);
            }

            var dataSource = new NpgsqlDataSourceBuilder(connectionString + ";Maximum Pool Size=100").Build();
            return new BenchDatabase(directory, server, dataSource);
        }
        catch
        {
            await server.StopAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Transactions committed and rolled back in the bench database so far, as <c>pg_stat_database</c> counts them
    /// (each backend reports its own within about ten seconds of going idle; the reading itself is one of them).
    /// </summary>
    public Task<long> TransactionsAsync(CancellationToken cancellationToken) => ScalarAsync<long>(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", cancellationToken);

    /// <summary>
    /// CPU time used so far by the cluster: the postmaster and its children (backends, writers) as
    /// <c>/proc/{pid}/stat</c> shows them now; a backend that exited in between is not counted.
    /// </summary>
    public TimeSpan ServerCpuTime()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(_server.DataPath, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }

            // After "(comm)": state ppid … utime is the 12th field after it, stime the 13th.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (pid == postmaster || int.Parse(fields[1], CultureInfo.InvariantCulture) == postmaster)
            {
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }

        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary><c>getconf CLK_TCK</c>: 100 on Linux everywhere this runs.</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>Hangfire's tables in their own schema, so that the app's own Hangfire server never sees the bench's jobs.</summary>
    public async Task InstallHangfireAsync(string schema, CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, schema);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0)
            ? reader.GetFieldValue<T>(0)
            : throw new InvalidOperationException($"'{sql}' returned no value.");
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _server.StopAsync(CancellationToken.None);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the stopping server; the temporary folder is the OS's to clear.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
