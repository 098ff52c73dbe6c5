using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Majster.Core.Data;

/// <summary>The <c>Database</c> section: where the embedded cluster lives and whether migrations run at start.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// The embedded cluster's folder (and the pickup outbox's parent) when no connection string is set; a relative path
    /// is taken from the app's content root.
    /// </summary>
    public string DataDirectory { get; set; } = ".majster";

    /// <summary>
    /// Run on a private embedded cluster when no connection string is set. Outside Development the app does so only
    /// when this is true or <see cref="DataDirectory"/> is set explicitly, so that a missing connection string stops
    /// it instead of giving it an empty database.
    /// </summary>
    public bool Embedded { get; set; }

    /// <summary>Apply pending migrations when the app starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// The folder of <c>pg_dump</c> and <c>pg_restore</c> for <c>backup</c> and <c>restore</c>; by default
    /// /usr/lib/postgresql/&lt;the server's major version&gt;/bin.
    /// </summary>
    public string? ToolsDirectory { get; set; }
}

/// <summary>
/// The database this process uses, and the embedded cluster behind it when no connection string is configured. The
/// embedded cluster's port is settled when this is made, so the connection string is known at once; the cluster itself
/// starts before the host does (<see cref="EnsureStartedAsync"/>).
/// </summary>
public sealed record MajsterDatabase(string ConnectionString, EmbeddedPostgres? Embedded)
{
    /// <summary>The name of the connection string (<c>ConnectionStrings:Majster</c>).</summary>
    public const string ConnectionStringName = "Majster";

    /// <summary>The database the embedded cluster serves.</summary>
    public const string EmbeddedDatabaseName = "majster";

    /// <summary>
    /// The configured connection string, or a private cluster from the machine's binaries when there is none and the
    /// embedded cluster is allowed: in Development, with <c>Database:Embedded=true</c>, or with
    /// <c>Database:DataDirectory</c> set. Otherwise a <see cref="MajsterConfigurationException"/> names both switches.
    /// </summary>
    public static MajsterDatabase Resolve(IConfiguration configuration, DatabaseOptions options, bool development, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new MajsterDatabase(configured, Embedded: null);
        }

        var directoryGiven = !string.IsNullOrWhiteSpace(configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.DataDirectory)}"]);
        if (!development && !options.Embedded && !directoryGiven)
        {
            throw new MajsterConfigurationException(
                $"ConnectionStrings:{ConnectionStringName} is not set: set it to the PostgreSQL database, " +
                "or set Database:Embedded=true to run on a private embedded cluster (for a single machine).");
        }

        var embedded = EmbeddedPostgres.Create(
            new EmbeddedPostgresSettings { DataDirectory = options.DataDirectory },
            loggerFactory.CreateLogger<EmbeddedPostgres>());
        return new MajsterDatabase(embedded.ConnectionString(EmbeddedDatabaseName), embedded);
    }

    /// <summary>Starts the embedded cluster, if this process has one, and creates its database.</summary>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (Embedded is { } embedded)
        {
            await embedded.StartAsync(cancellationToken);
            await embedded.EnsureDatabaseAsync(EmbeddedDatabaseName, cancellationToken: cancellationToken);
        }
    }
}
