namespace Majster.Core.Data.Backups;

/// <summary>
/// One restore into this database (table <c>database_restores</c>), written by <c>Majster.Admin restore</c>: the sends
/// that were still due by <see cref="RestoredAt"/> may have gone out after <see cref="BackupTakenAt"/> from the
/// database the backup came from.
/// </summary>
public sealed class DatabaseRestore
{
    public Guid Id { get; set; }

    /// <summary>When the backup was taken (just before <c>pg_dump</c> took its snapshot).</summary>
    public DateTimeOffset BackupTakenAt { get; set; }

    /// <summary>When the restore finished.</summary>
    public DateTimeOffset RestoredAt { get; set; }
}
