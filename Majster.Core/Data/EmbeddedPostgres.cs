using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Majster.Core.Data;

/// <summary>How to run a private PostgreSQL cluster.</summary>
public sealed record EmbeddedPostgresSettings
{
    /// <summary>The folder that holds the cluster (its <c>pgdata</c> subfolder).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Durability off (fsync, synchronous commit, full-page writes): for throwaway test clusters only.</summary>
    public bool Durable { get; init; } = true;

    /// <summary>How many connections the server allows.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>How long start and stop may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The loopback port to listen on; 0 (the default) picks a free one. A fixed port lets a stopped cluster come back where its clients expect it.</summary>
    public int Port { get; init; }
}

/// <summary>Raised when the embedded cluster cannot be started; its message says what to install or configure.</summary>
public sealed class EmbeddedPostgresException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A private PostgreSQL cluster started from the machine's own server binaries (<c>initdb</c>, <c>pg_ctl</c>)
/// on a free loopback port. A second start on the same folder reuses the cluster and its data; a server that a
/// killed process left running is adopted. PostgreSQL refuses to run as root, so as root the server runs as the
/// <c>postgres</c> OS user.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    /// <summary>The superuser the cluster is created with (trust authentication, loopback only).</summary>
    public const string SuperUser = "majster";

    private const string ServiceUser = "postgres";
    private readonly EmbeddedPostgresSettings _settings;
    private readonly ILogger _logger;
    private readonly bool _asServiceUser;
    private int _stopped;

    private string? _binDirectory;

    private EmbeddedPostgres(EmbeddedPostgresSettings settings, ILogger logger, bool asServiceUser, string dataPath, int port)
    {
        _settings = settings;
        _logger = logger;
        _asServiceUser = asServiceUser;
        DataPath = dataPath;
        Port = port;
    }

    /// <summary>The cluster's data folder (<c>PGDATA</c>).</summary>
    public string DataPath { get; }

    /// <summary>
    /// The loopback port the server listens on, known before it starts: the configured one, the one a server left
    /// running on this folder listens on, or a free one.
    /// </summary>
    public int Port { get; }

    /// <summary>
    /// True once this process started the server; false when it adopted one already running on the folder (an app
    /// instance's, when an operator runs a verb beside it), which is then left running.
    /// </summary>
    public bool StartedHere { get; private set; }

    /// <summary>A connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
    }.ConnectionString;

    /// <summary>
    /// Describes the cluster in <see cref="EmbeddedPostgresSettings.DataDirectory"/> and settles its port, without
    /// starting it, so that its connection string can be handed out before <see cref="StartAsync(CancellationToken)"/>.
    /// </summary>
    public static EmbeddedPostgres Create(EmbeddedPostgresSettings settings, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        logger ??= NullLogger.Instance;
        var asServiceUser = string.Equals(Environment.UserName, "root", StringComparison.Ordinal);
        var dataPath = Path.Combine(ResolveDataDirectory(settings.DataDirectory, asServiceUser, logger), "pgdata");
        var port = settings.Port > 0 ? settings.Port : PortInPidFile(dataPath) ?? LoopbackPorts.Free();
        return new EmbeddedPostgres(settings, logger, asServiceUser, dataPath, port);
    }

    /// <summary>Starts (or adopts) the cluster in <see cref="EmbeddedPostgresSettings.DataDirectory"/>.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresSettings settings, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var server = Create(settings, logger);
        await server.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>Creates <paramref name="database"/> unless it exists, optionally as a copy of <paramref name="template"/>.</summary>
    public async Task EnsureDatabaseAsync(string database, string? template = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection))
        {
            exists.Parameters.AddWithValue("name", database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return;
            }
        }

        var sql = "CREATE DATABASE " + QuoteIdentifier(database) + (template is null ? "" : " TEMPLATE " + QuoteIdentifier(template));
        await using var create = new NpgsqlCommand(sql, connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        var result = await RunAsync("pg_ctl", ["stop", "-D", DataPath, "-m", "fast", "-w", "-t", Seconds(_settings.Timeout)], cancellationToken);
        if (result.ExitCode == 0)
        {
            _logger.LogInformation("Embedded PostgreSQL on port {Port} stopped", Port);
        }
        else
        {
            _logger.LogWarning("Embedded PostgreSQL did not stop cleanly: {Output}", result.Output);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Creates the cluster if the folder has none, then starts it on <see cref="Port"/> or adopts the server already running there.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _binDirectory ??= FindBinDirectory();
        if (!File.Exists(Path.Combine(DataPath, "PG_VERSION")))
        {
            await InitializeAsync(cancellationToken);
        }

        if (await TryAdoptRunningServerAsync(cancellationToken))
        {
            return;
        }

        var options = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' ")
            .Append(CultureInfo.InvariantCulture, $"-c max_connections={_settings.MaxConnections}");
        if (!_settings.Durable)
        {
            options.Append(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }

        var logFile = Path.Combine(DataPath, "server.log");
        var result = await RunAsync(
            "pg_ctl",
            ["start", "-D", DataPath, "-w", "-t", Seconds(_settings.Timeout), "-l", logFile, "-o", options.ToString()],
            cancellationToken,
            detach: true);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"The embedded PostgreSQL server in '{DataPath}' did not start (pg_ctl exit {result.ExitCode}): {result.Output}\n{Tail(logFile)}");
        }

        StartedHere = true;
        _logger.LogInformation("Embedded PostgreSQL started on 127.0.0.1:{Port} from {DataPath}", Port, DataPath);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(DataPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmbeddedPostgresException($"Could not create the embedded PostgreSQL folder '{DataPath}': {e.Message}", e);
        }

        if (_asServiceUser)
        {
            var chown = await RunPlainAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", DataPath], cancellationToken);
            if (chown.ExitCode != 0)
            {
                throw new EmbeddedPostgresException($"Could not hand '{DataPath}' to the '{ServiceUser}' user: {chown.Output}");
            }
        }

        List<string> arguments = ["-D", DataPath, "-U", SuperUser, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"];
        if (!_settings.Durable)
        {
            arguments.Add("--no-sync");
        }

        var result = await RunAsync("initdb", arguments, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException($"initdb failed for '{DataPath}' (exit {result.ExitCode}): {result.Output}");
        }

        _logger.LogInformation("Created an embedded PostgreSQL cluster in {DataPath}", DataPath);
    }

    /// <summary>A server left running on this folder (say, by a killed process) is reused when it listens on <see cref="Port"/>.</summary>
    private async Task<bool> TryAdoptRunningServerAsync(CancellationToken cancellationToken)
    {
        if (PortInPidFile(DataPath) is not { } port)
        {
            return false;
        }

        var status = await RunAsync("pg_ctl", ["status", "-D", DataPath], cancellationToken);
        if (status.ExitCode != 0)
        {
            return false;
        }

        if (port != Port)
        {
            throw new EmbeddedPostgresException(
                $"The embedded PostgreSQL server in '{DataPath}' is already running on port {port}, not {Port}; stop it with 'pg_ctl stop -D {DataPath}'.");
        }

        _logger.LogInformation("Reusing the embedded PostgreSQL already running on 127.0.0.1:{Port}", Port);
        return true;
    }

    /// <summary>The port in the server's <c>postmaster.pid</c> (its fourth line), if the folder has one.</summary>
    private static int? PortInPidFile(string dataPath)
    {
        try
        {
            var lines = File.ReadLines(Path.Combine(dataPath, "postmaster.pid")).Take(4).ToList();
            return lines.Count == 4 && int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string FindBinDirectory()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
        if (onPath is not null)
        {
            return onPath;
        }

        const string debianRoot = "/usr/lib/postgresql";
        var installed = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(x => File.Exists(Path.Combine(x.dir, "bin", "pg_ctl")))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault()
            : null;

        return installed ?? throw new EmbeddedPostgresException(
            "No PostgreSQL server binaries (initdb, pg_ctl) were found on PATH or under /usr/lib/postgresql/*/bin. " +
            "Install them (Debian/Ubuntu: 'apt-get install postgresql'), or set ConnectionStrings:Majster " +
            "(environment: ConnectionStrings__Majster) to an existing PostgreSQL server.");
    }

    /// <summary>
    /// As root, the server runs as <c>postgres</c>, which must be able to reach the folder. When it cannot (a
    /// checkout under /root, say) the cluster lives under /var/tmp instead, one folder per configured path.
    /// </summary>
    private static string ResolveDataDirectory(string configured, bool asServiceUser, ILogger logger)
    {
        var full = Path.GetFullPath(configured);
        if (!asServiceUser || AncestorsTraversableByOthers(full))
        {
            return full;
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12];
        var fallback = Path.Combine("/var/tmp", "majster-postgres-" + key);
        logger.LogWarning(
            "The postgres user cannot reach {Configured}; the embedded cluster lives in {Fallback} instead", full, fallback);
        return fallback;
    }

    private static bool AncestorsTraversableByOthers(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir) && !File.GetUnixFileMode(dir).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }

    private Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool detach = false)
    {
        var executable = Path.Combine(_binDirectory ?? throw new InvalidOperationException("Not started."), tool);
        List<string> command = [];
        if (detach)
        {
            // Its own session: Ctrl+C in the terminal reaches the app, which then stops the server in order.
            command.Add("setsid");
        }

        if (_asServiceUser)
        {
            command.AddRange(["runuser", "-u", ServiceUser, "--"]);
        }

        command.Add(executable);
        command.AddRange(arguments);
        return RunPlainAsync(command[0], command.Skip(1).ToList(), cancellationToken);
    }

    private static async Task<ProcessResult> RunPlainAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new EmbeddedPostgresException($"Could not run '{fileName}'.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ProcessResult(process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Seconds(TimeSpan timeout) => ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Tail(string file)
    {
        try
        {
            return string.Join('\n', File.ReadLines(file).TakeLast(20));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    private sealed record ProcessResult(int ExitCode, string Output);
}
