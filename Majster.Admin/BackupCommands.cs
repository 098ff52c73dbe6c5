using Majster.Core.Data.Backups;

namespace Majster.Admin;

/// <summary>
/// <c>dotnet Majster.Admin.dll backup FILE</c> and <c>restore FILE</c>: the configured database (embedded cluster or
/// connection string) to a file and back, with the machine's <c>pg_dump</c>/<c>pg_restore</c> of the server's version.
/// </summary>
internal static class BackupCommands
{
    public const string BackupVerb = "backup";
    public const string RestoreVerb = "restore";

    public static async Task RunAsync(WebApplication app, IReadOnlyList<string> args, TextWriter output)
    {
        var backups = app.Services.GetRequiredService<DatabaseBackup>();
        var stopping = app.Lifetime.ApplicationStopping;
        if (args[0] == BackupVerb)
        {
            var taken = await backups.BackupAsync(FileArgument(args), stopping);
            await output.WriteLineAsync($"Backed up the database (PostgreSQL {taken.PostgresMajor}) to {FileArgument(args)}, taken at {BackupFile.Words(taken.TakenAt)}.");
        }
        else
        {
            var restored = await backups.RestoreAsync(FileArgument(args), stopping);
            await output.WriteLineAsync($"Restored {FileArgument(args)}, a backup taken at {BackupFile.Words(restored.BackupTakenAt)}.");
            await output.WriteLineAsync($"Sending is paused: {DatabaseBackup.PauseReason(restored.BackupTakenAt)} (the dashboard lists those sends).");
        }
    }

    private static string FileArgument(IReadOnlyList<string> args) =>
        args.Count == 2 && !string.IsNullOrWhiteSpace(args[1])
            ? args[1]
            : throw new DatabaseBackupException($"Usage: Majster.Admin {args[0]} FILE");
}
