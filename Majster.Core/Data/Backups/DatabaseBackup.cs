using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Core.Data.Backups;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE</c> of the app's own database, with the machine's <c>pg_dump</c> and
/// <c>pg_restore</c>. A restore goes only into an empty database, all or nothing (one transaction), then brings the
/// schema up to date, records itself (<see cref="DatabaseRestore"/>) and pauses sending (<see cref="SendingPause"/>):
/// the database the backup came from may have sent, after the backup, sends this one still holds as due.
/// </summary>
public sealed class DatabaseBackup(IServiceProvider services, MajsterDatabase database, IOptions<DatabaseOptions> options, TimeProvider clock)
{
    /// <summary>Writes the whole database to <paramref name="path"/> (0600: it holds password hashes and keys).</summary>
    public async Task<BackupFile> BackupAsync(string path, CancellationToken cancellationToken)
    {
        var tools = await PostgresTools.FindAsync(database.ConnectionString, options.Value.ToolsDirectory, cancellationToken);
        var backup = new BackupFile(clock.GetUtcNow(), tools.ServerMajor);
        var target = Path.GetFullPath(path);
        var partial = target + ".partial";
        try
        {
            await using (var file = new FileStream(partial, OwnerOnly()))
            {
                await backup.WriteHeaderAsync(file, cancellationToken);
                using var dump = tools.Start("pg_dump", ["--format=custom"]);
                dump.StandardInput.Close();
                var errors = dump.StandardError.ReadToEndAsync(cancellationToken);
                await dump.StandardOutput.BaseStream.CopyToAsync(file, cancellationToken);
                await dump.WaitForExitAsync(cancellationToken);
                if (dump.ExitCode != 0)
                {
                    throw new DatabaseBackupException($"pg_dump failed (exit code {dump.ExitCode}): {PostgresTools.OneLine(await errors)}");
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(partial, target, overwrite: true);
            return backup;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(partial);
            throw new DatabaseBackupException($"Could not write the backup to {path}: {e.Message}");
        }
        catch
        {
            DeleteQuietly(partial);
            throw;
        }
    }

    /// <summary>
    /// Restores <paramref name="path"/> into the configured database, which must be empty, then applies the migrations
    /// this version has beyond the backup's and records the restore.
    /// </summary>
    public async Task<DatabaseRestore> RestoreAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = OpenBackup(path);
        var backup = await BackupFile.ReadHeaderAsync(file, path, cancellationToken);
        var tools = await PostgresTools.FindAsync(database.ConnectionString, options.Value.ToolsDirectory, cancellationToken);
        if (backup.PostgresMajor > tools.ServerMajor)
        {
            throw new DatabaseBackupException(
                $"{path} was taken from PostgreSQL {backup.PostgresMajor}; this server is PostgreSQL {tools.ServerMajor}: restore it on {backup.PostgresMajor} or later.");
        }

        await EnsureEmptyAsync(cancellationToken);
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        using (var restore = tools.Start("pg_restore", [
            "--dbname=dbname='" + connection.Database?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'",
            "--no-owner", "--no-privileges", "--no-comments", "--single-transaction", "--exit-on-error"]))
        {
            var errors = restore.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await file.CopyToAsync(restore.StandardInput.BaseStream, cancellationToken);
                restore.StandardInput.Close();
            }
            catch (IOException)
            {
                // pg_restore stopped reading: its exit code and message below say why.
            }

            await restore.WaitForExitAsync(cancellationToken);
            if (restore.ExitCode != 0)
            {
                throw new DatabaseBackupException(
                    $"pg_restore failed (exit code {restore.ExitCode}), nothing was restored: {PostgresTools.OneLine(await errors)}");
            }
        }

        await services.MigrateMajsterDatabaseAsync(cancellationToken);
        var record = new DatabaseRestore { BackupTakenAt = backup.TakenAt, RestoredAt = clock.GetUtcNow() };
        await using (var db = await services.GetRequiredService<IDbContextFactory<MajsterDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            db.DatabaseRestores.Add(record);
            await db.SaveChangesAsync(cancellationToken);
        }

        await services.GetRequiredService<SendingPause>().PauseAsync(PauseReason(backup.TakenAt), until: null, PausedBy, cancellationToken);
        return record;
    }

    /// <summary>Who the pause after a restore is from.</summary>
    public const string PausedBy = "restore";

    /// <summary>The reason sending is paused after a restore.</summary>
    public static string PauseReason(DateTimeOffset takenAt) =>
        $"restored from a backup taken at {BackupFile.Words(takenAt)}: review the sends due since then, then resume";

    private static FileStreamOptions OwnerOnly()
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private static void DeleteQuietly(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Its folder is missing or closed to this user: there is nothing to clean up.
        }
    }

    private static FileStream OpenBackup(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatabaseBackupException($"Could not read the backup {path}: {e.Message}");
        }
    }

    /// <summary>Refuses a database that holds any table, sequence or view, or any schema but <c>public</c>.</summary>
    private async Task EnsureEmptyAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' AND c.relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
            UNION ALL
            SELECT n.nspname FROM pg_namespace n
            WHERE n.nspname NOT IN ('public', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
            ORDER BY 1
            """;
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false };
        await using var open = new NpgsqlConnection(connection.ConnectionString);
        await open.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, open);
        var found = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                found.Add(reader.GetString(0));
            }
        }

        if (found.Count > 0)
        {
            var what = found.Count == 1 ? found[0] : $"{found[0]} and {found.Count - 1} more";
            throw new DatabaseBackupException(
                $"The database {connection.Database} on {connection.Host} is not empty ({what}): a restore goes only into an empty database. " +
                $"Create a new one and point ConnectionStrings:{MajsterDatabase.ConnectionStringName} at it.");
        }
    }
}
