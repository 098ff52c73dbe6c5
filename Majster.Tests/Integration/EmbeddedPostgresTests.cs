using System.Diagnostics;
using Majster.Core.Data;
using Npgsql;

namespace Majster.Tests.Integration;

/// <summary>The launcher the app uses on embedded defaults: start, reuse, adopt, stop.</summary>
[Trait("Category", "Integration")]
public sealed class EmbeddedPostgresTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "majster-launcher-" + Guid.NewGuid().ToString("N")[..8]);

    private EmbeddedPostgresSettings Settings => new() { DataDirectory = _directory, Durable = false, MaxConnections = 20 };

    [Fact]
    public async Task StartAsync_ReusesTheClusterAndItsData_WhenStartedAgainOnTheSameFolder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var first = await EmbeddedPostgres.StartAsync(Settings, cancellationToken: ct))
        {
            await first.EnsureDatabaseAsync("kept", cancellationToken: ct);
            await ExecuteAsync(first.ConnectionString("kept"), "CREATE TABLE note (text text); INSERT INTO note VALUES ('still here')", ct);
        }

        await using var second = await EmbeddedPostgres.StartAsync(Settings, cancellationToken: ct);
        await using var connection = new NpgsqlConnection(second.ConnectionString("kept") + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var query = new NpgsqlCommand("SELECT text FROM note", connection);

        Assert.Equal("still here", await query.ExecuteScalarAsync(ct));
    }

    [Fact]
    public async Task StopAsync_LeavesNoServerProcess_WhenTheClusterStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await EmbeddedPostgres.StartAsync(Settings, cancellationToken: ct);
        Assert.NotEmpty(ServerProcessesFor(server.DataPath));

        await server.StopAsync(ct);

        Assert.Empty(ServerProcessesFor(server.DataPath));
        Assert.False(File.Exists(Path.Combine(server.DataPath, "postmaster.pid")));
    }

    [Fact]
    public async Task StartAsync_RunsTheServerUnprivileged_AsPostgresWhenRootElseAsTheCaller()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await EmbeddedPostgres.StartAsync(Settings, cancellationToken: ct);

        var postmaster = Assert.Single(ServerProcessesFor(server.DataPath));
        var serverUid = Uid(await File.ReadAllLinesAsync($"/proc/{postmaster}/status", ct));
        var callerUid = Uid(await File.ReadAllLinesAsync("/proc/self/status", ct));

        Assert.NotEqual("0", serverUid);
        Assert.Equal(callerUid == "0" ? PostgresUid() : callerUid, serverUid);
    }

    [Fact]
    public async Task StartAsync_AdoptsTheRunningServer_WhenAKilledProcessLeftItBehind()
    {
        var ct = TestContext.Current.CancellationToken;
        var abandoned = await EmbeddedPostgres.StartAsync(Settings, cancellationToken: ct);
        var pid = Assert.Single(ServerProcessesFor(abandoned.DataPath));

        // A second launcher on the same folder (the app restarted after kill -9) uses the same server.
        await using var adopted = await EmbeddedPostgres.StartAsync(Settings, cancellationToken: ct);

        Assert.Equal(abandoned.Port, adopted.Port);
        Assert.Equal([pid], ServerProcessesFor(adopted.DataPath));
        await ExecuteAsync(adopted.ConnectionString("postgres"), "SELECT 1", ct);
    }

    public void Dispose()
    {
        foreach (var pid in ServerProcessesFor(Path.Combine(_directory, "pgdata")))
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The postmaster processes serving <paramref name="dataPath"/>, read from /proc.</summary>
    private static List<int> ServerProcessesFor(string dataPath)
    {
        List<int> found = [];
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (args.Length > 2 && args[0].EndsWith("/postgres", StringComparison.Ordinal) &&
                    args.SkipWhile(a => a != "-D").Skip(1).FirstOrDefault() == dataPath)
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return found;
    }

    private static string Uid(string[] status) =>
        status.Single(line => line.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    private static string PostgresUid() =>
        File.ReadLines("/etc/passwd").Select(line => line.Split(':')).Single(fields => fields[0] == "postgres")[2];
}
