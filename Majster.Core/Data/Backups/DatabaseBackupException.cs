namespace Majster.Core.Data.Backups;

/// <summary>A backup or restore that cannot go on; its message says why in one line.</summary>
public sealed class DatabaseBackupException(string message) : Exception(message);
