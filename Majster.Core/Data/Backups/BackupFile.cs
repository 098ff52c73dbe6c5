using System.Globalization;
using System.Text;

namespace Majster.Core.Data.Backups;

/// <summary>
/// A backup file: one header line, <c>MAJSTER-BACKUP 1 taken-at=2026-12-07T04:20:00.000Z postgres=15</c>, then
/// <c>pg_dump</c>'s custom-format archive as it wrote it (so <c>tail -n +2 FILE | pg_restore …</c> reads it too).
/// </summary>
public sealed record BackupFile(DateTimeOffset TakenAt, int PostgresMajor)
{
    private const string Magic = "MAJSTER-BACKUP 1 ";
    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const int MaxHeaderLength = 200;

    public string HeaderLine =>
        $"{Magic}taken-at={TakenAt.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture)} postgres={PostgresMajor.ToString(CultureInfo.InvariantCulture)}\n";

    /// <summary>An instant as operators read it in messages and the pause's reason: 2026-12-07 04:20:00 UTC.</summary>
    public static string Words(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public async Task WriteHeaderAsync(Stream file, CancellationToken cancellationToken) =>
        await file.WriteAsync(Encoding.ASCII.GetBytes(HeaderLine), cancellationToken);

    /// <summary>Reads the header and leaves <paramref name="file"/> at the archive's first byte.</summary>
    public static async Task<BackupFile> ReadHeaderAsync(Stream file, string path, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (line.Count < MaxHeaderLength && await file.ReadAsync(one, cancellationToken) == 1 && one[0] != (byte)'\n')
        {
            line.Add(one[0]);
        }

        return Parse(Encoding.ASCII.GetString([.. line]))
            ?? throw new DatabaseBackupException($"{path} is not a Majster backup (one made by 'Majster.Admin backup FILE').");
    }

    internal static BackupFile? Parse(string line)
    {
        if (!line.StartsWith(Magic, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = line[Magic.Length..].Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return fields.TryGetValue("taken-at", out var taken)
            && DateTimeOffset.TryParseExact(taken, InstantFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var takenAt)
            && fields.TryGetValue("postgres", out var major)
            && int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var postgresMajor)
                ? new BackupFile(takenAt, postgresMajor)
                : null;
    }
}
