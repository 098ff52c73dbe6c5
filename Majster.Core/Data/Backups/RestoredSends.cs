using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Data.Backups;

/// <summary>A send that was due by the last restore and was not sent in the backup.</summary>
public sealed record RestoredSend(Guid Id, string? ClientName, string ClientEmail, string Subject, DateTimeOffset ScheduledFor);

/// <summary>The last restore and the sends it may have brought back unsent (the first <see cref="RestoredSends.Shown"/>).</summary>
public sealed record RestoredSendsSnapshot(DateTimeOffset BackupTakenAt, DateTimeOffset RestoredAt, IReadOnlyList<RestoredSend> Sends, int Total);

/// <summary>
/// After a restore, the sends still scheduled whose time came by the restore: the database the backup came from may
/// have sent them after the backup was taken (those in flight then, and those due since). A send leaves the list
/// once it is sent, cancelled or rescheduled past the restore.
/// </summary>
public sealed class RestoredSends(IDbContextFactory<MajsterDbContext> contexts)
{
    public const int Shown = 20;

    /// <summary>Null when the database was never restored or none of its sends is left to review.</summary>
    public async Task<RestoredSendsSnapshot?> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var restore = await db.DatabaseRestores.AsNoTracking().OrderByDescending(r => r.RestoredAt).FirstOrDefaultAsync(cancellationToken);
        if (restore is null)
        {
            return null;
        }

        var due = db.OfferSends.AsNoTracking()
            .Where(s => s.Status == OfferSendStatus.Scheduled && s.ScheduledFor <= restore.RestoredAt);
        var total = await due.CountAsync(cancellationToken);
        if (total == 0)
        {
            return null;
        }

        var sends = await due.OrderBy(s => s.ScheduledFor).ThenBy(s => s.Id).Take(Shown)
            .Select(s => new RestoredSend(s.Id, s.ClientName, s.ClientEmail, s.Subject, s.ScheduledFor!.Value))
            .ToListAsync(cancellationToken);
        return new RestoredSendsSnapshot(restore.BackupTakenAt, restore.RestoredAt, sends, total);
    }
}
