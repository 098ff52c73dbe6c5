using Majster.Core.Data.Backups;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Operations;

/// <summary>The sends the dashboard lists after a restore: still scheduled, and due by the restore.</summary>
[Trait("Category", "Integration")]
public sealed class RestoredSendsTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Restored = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_ListsTheScheduledSendsDueByTheRestore_OldestFirst()
    {
        var db = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        var inFlight = await Seed.ScheduledSendsAsync(db, Restored.AddHours(-3), Restored.AddHours(-2), 1, Ct, subject: "In flight at the backup");
        var dueSince = await Seed.ScheduledSendsAsync(db, Restored.AddHours(-3), Restored.AddMinutes(-30), 2, Ct, subject: "Due since the backup");
        await Seed.ScheduledSendsAsync(db, Restored.AddHours(-3), Restored.AddMinutes(1), 1, Ct, subject: "Due after the restore");
        var sent = await Seed.ScheduledSendsAsync(db, Restored.AddHours(-3), Restored.AddMinutes(-40), 1, Ct, subject: "Sent");
        await using (var context = Database.CreateContext(db))
        {
            await context.OfferSends.Where(s => s.Id == sent[0].Id).ExecuteUpdateAsync(set => set.SetProperty(s => s.Status, OfferSendStatus.Sent), Ct);
            context.DatabaseRestores.Add(new DatabaseRestore { BackupTakenAt = Restored.AddHours(-1), RestoredAt = Restored });
            await context.SaveChangesAsync(Ct);
        }

        var listed = await new RestoredSends(Database.ContextFactory(db)).GetAsync(Ct);

        Assert.NotNull(listed);
        Assert.Equal((Restored.AddHours(-1), Restored), (listed.BackupTakenAt, listed.RestoredAt));
        Assert.Equal(inFlight[0].Id, listed.Sends[0].Id);
        Assert.Equal(dueSince.Select(s => s.Id).Order(), listed.Sends.Skip(1).Select(s => s.Id).Order());
        Assert.Equal(3, listed.Total);
    }

    [Fact]
    public async Task GetAsync_IsNull_WhenTheDatabaseWasNeverRestored()
    {
        var db = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        await Seed.ScheduledSendsAsync(db, Restored.AddHours(-3), Restored.AddHours(-2), 1, Ct);

        Assert.Null(await new RestoredSends(Database.ContextFactory(db)).GetAsync(Ct));
    }
}
