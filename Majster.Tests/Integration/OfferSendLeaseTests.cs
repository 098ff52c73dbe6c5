using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration;

/// <summary>
/// The lease in its two forms — the SQL the claim and the people's changes use, the check on a loaded row — selects
/// the same rows on a real database: free with no lease and at or after its end, held before it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OfferSendLeaseTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SqlAndTheLoadedRow_AgreeOnWhichSendsAreFree()
    {
        var sends = await Seed.ScheduledSendsAsync(database.ConnectionString, Now, Now, 4, Ct);
        DateTimeOffset?[] ends = [null, Now.AddTicks(-10), Now, Now.AddTicks(10)];
        await using (var db = Database.CreateContext(database.ConnectionString))
        {
            for (var i = 0; i < ends.Length; i++)
            {
                var (id, end) = (sends[i].Id, ends[i]);
                await db.OfferSends.Where(s => s.Id == id).ExecuteUpdateAsync(
                    u => u.SetProperty(s => s.LockedUntil, end).SetProperty(s => s.LockedBy, end == null ? null : "worker"), Ct);
            }
        }

        var ids = sends.Select(s => s.Id).ToList();
        await using var context = Database.CreateContext(database.ConnectionString);
        var loaded = await context.OfferSends.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(Ct);
        var byRow = loaded.Where(s => !s.IsLeasedAt(Now)).Select(s => s.Id).Order().ToList();
        var bySql = await Database.SendsWhereAsync(database.ConnectionString, OfferSendLease.FreeSql, ids, Now, Ct);

        Assert.Equal(ids.Take(3).Order(), byRow);
        Assert.Equal(byRow, bySql.Order());
    }
}
