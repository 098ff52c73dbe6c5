using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Majster.Core.Data.Backups;

/// <summary>
/// The machine's <c>pg_dump</c> and <c>pg_restore</c> of the server's major version, run against the app's own
/// database. The connection goes to them through libpq's environment (<c>PGHOST</c>, <c>PGPASSWORD</c>, …), so a
/// password never appears on a command line.
/// </summary>
public sealed class PostgresTools
{
    /// <summary>Where Debian and Ubuntu install each major version's programs (<c>/usr/lib/postgresql/15/bin</c>).</summary>
    public const string DebianRoot = "/usr/lib/postgresql";

    private readonly string _directory;
    private readonly NpgsqlConnectionStringBuilder _connection;

    private PostgresTools(string directory, NpgsqlConnectionStringBuilder connection, int serverMajor)
    {
        _directory = directory;
        _connection = connection;
        ServerMajor = serverMajor;
    }

    /// <summary>The server's major version (15 for 15.4).</summary>
    public int ServerMajor { get; }

    /// <summary>
    /// The programs for the server behind <paramref name="connectionString"/>: from <paramref name="directory"/>
    /// when given, else from <see cref="DebianRoot"/>/&lt;major&gt;/bin.
    /// </summary>
    public static async Task<PostgresTools> FindAsync(string connectionString, string? directory, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        int major;
        await using (var open = new NpgsqlConnection(connection.ConnectionString + ";Pooling=false"))
        {
            try
            {
                await open.OpenAsync(cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new DatabaseBackupException($"Could not connect to the database {connection.Database} on {connection.Host}: {OneLine(e.Message)}");
            }

            major = open.PostgreSqlVersion.Major;
        }

        var folder = string.IsNullOrWhiteSpace(directory)
            ? Path.Combine(DebianRoot, major.ToString(CultureInfo.InvariantCulture), "bin")
            : directory;
        foreach (var program in (string[])["pg_dump", "pg_restore"])
        {
            if (!File.Exists(Path.Combine(folder, program)))
            {
                throw new DatabaseBackupException(
                    $"{program} for PostgreSQL {major} (the server's version) is not in {folder}: install it " +
                    $"(Debian/Ubuntu: apt-get install postgresql-client-{major}) or set {DatabaseOptions.Section}:{nameof(DatabaseOptions.ToolsDirectory)} to its folder.");
            }
        }

        return new PostgresTools(folder, connection, major);
    }

    /// <summary>Starts <paramref name="program"/> with the connection in its environment; stdin and stdout are pipes.</summary>
    public Process Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_directory, program))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment(_connection))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start) ?? throw new DatabaseBackupException($"Could not run {start.FileName}.");
    }

    /// <summary>libpq's variables for the connection string's server, database, user, password and TLS mode.</summary>
    internal static IEnumerable<(string Name, string? Value)> Environment(NpgsqlConnectionStringBuilder connection)
    {
        yield return ("PGHOST", connection.Host);
        yield return ("PGPORT", connection.Port.ToString(CultureInfo.InvariantCulture));
        yield return ("PGDATABASE", connection.Database);
        yield return ("PGUSER", connection.Username ?? System.Environment.UserName);
        yield return ("PGPASSWORD", connection.Password);
        yield return ("PGPASSFILE", connection.Passfile);
        yield return ("PGSSLMODE", connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        yield return ("PGCONNECT_TIMEOUT", connection.Timeout.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The first line a program wrote on stderr that says something.</summary>
    internal static string OneLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";
}
