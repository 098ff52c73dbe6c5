using Majster.Core.Data;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration;

/// <summary>
/// Overdue in its three forms — EF's filter, the SQL the counts read, the test on a loaded row — selects the same rows
/// on a real database: scheduled and due before now, not at now, not later, and no other status whatever its time.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OfferSendOverdueTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EfSqlAndTheLoadedRow_AgreeOnWhichSendsAreOverdue()
    {
        var sends = await Seed.ScheduledSendsAsync(database.ConnectionString, Now, Now, 6, Ct);
        var late = sends[0].Id;
        await using (var db = Database.CreateContext(database.ConnectionString))
        {
            await Move(db, sends[0].Id, OfferSendStatus.Scheduled, Now.AddMilliseconds(-1));
            await Move(db, sends[1].Id, OfferSendStatus.Scheduled, Now);
            await Move(db, sends[2].Id, OfferSendStatus.Scheduled, Now.AddMinutes(1));
            await Move(db, sends[3].Id, OfferSendStatus.Failed, Now.AddHours(-1));
            await Move(db, sends[4].Id, OfferSendStatus.Sent, Now.AddHours(-1));
            await Move(db, sends[5].Id, OfferSendStatus.Pending, null);
        }

        var ids = sends.Select(s => s.Id).ToList();
        await using var context = Database.CreateContext(database.ConnectionString);
        var byEf = await context.OfferSends.Where(s => ids.Contains(s.Id)).Where(OfferSendOverdue.At(Now)).Select(s => s.Id).ToListAsync(Ct);
        var loaded = await context.OfferSends.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(Ct);
        var byRow = loaded.Where(s => s.IsOverdueAt(Now)).Select(s => s.Id).ToList();
        var bySql = await Database.SendsWhereAsync(database.ConnectionString, OfferSendOverdue.Sql, ids, Now, Ct);

        Assert.Equal([late], byEf);
        Assert.Equal([late], byRow);
        Assert.Equal([late], bySql);
    }

    private static Task Move(MajsterDbContext db, Guid id, OfferSendStatus status, DateTimeOffset? scheduledFor) =>
        db.OfferSends.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, status).SetProperty(s => s.ScheduledFor, scheduledFor), Ct);
}
