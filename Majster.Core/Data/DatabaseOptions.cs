namespace Majster.Core.Data;

/// <summary>The <c>Database</c> section: where the embedded cluster lives and whether migrations run at start.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>The embedded cluster's folder (and the pickup outbox's parent) when no connection string is set.</summary>
    public string DataDirectory { get; set; } = ".majster";

    /// <summary>Apply pending migrations when the app starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

/// <summary>The database this process uses, and the embedded cluster behind it if the process started one.</summary>
public sealed record MajsterDatabase(string ConnectionString, EmbeddedPostgres? Embedded)
{
    /// <summary>The name of the connection string (<c>ConnectionStrings:Majster</c>).</summary>
    public const string ConnectionStringName = "Majster";

    /// <summary>The database the embedded cluster serves.</summary>
    public const string EmbeddedDatabaseName = "majster";
}
