using Majster.Core.Accounts;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Inbound;

/// <summary>What the pages read of the bounce mailbox's results.</summary>
public sealed class InboundQueries(IDbContextFactory<MajsterDbContext> contexts)
{
    /// <summary>The messages matched to one send, in the order they were read (the caller has checked the send is the actor's).</summary>
    public async Task<IReadOnlyList<InboundMessage>> ForSendAsync(Guid offerSendId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.InboundMessages.AsNoTracking().Where(m => m.OfferSendId == offerSendId)
            .OrderBy(m => m.ReadAt).ThenBy(m => m.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Bounces read since <paramref name="since"/> of the sends the actor sees.</summary>
    public async Task<int> BouncesSinceAsync(Actor actor, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var bounces = db.InboundMessages.Where(m => m.Outcome == InboundOutcome.Bounced && m.ReadAt >= since);
        return actor.IsAdmin
            ? await bounces.CountAsync(cancellationToken)
            : await bounces.CountAsync(m => db.OfferSends.Any(s => s.Id == m.OfferSendId && s.UserId == actor.UserId), cancellationToken);
    }
}
