using Majster.Core.Accounts;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Offers;

/// <summary>Creates offers, validated the same way for the API and the UI; the actor owns what they create.</summary>
public sealed class OfferService(IDbContextFactory<MajsterDbContext> contexts, TimeProvider clock)
{
    public async Task<Outcome<Offer>> CreateAsync(Actor actor, NewOffer input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        var error = OfferInputRules.First(
            OfferInputRules.CheckHeaderText("title", input.Title, OfferInputRules.MaxTitleLength),
            OfferInputRules.CheckHeaderText("clientName", input.ClientName, OfferInputRules.MaxNameLength),
            OfferInputRules.CheckEmail("clientEmail", input.ClientEmail, out var clientEmail),
            OfferInputRules.CheckAmount("totalAmount", input.TotalAmount),
            OfferInputRules.CheckCurrency("currency", input.Currency),
            OfferInputRules.CheckLanguage("language", input.Language));
        if (error is not null)
        {
            return Outcome<Offer>.Invalid(error);
        }

        var now = clock.GetUtcNow();
        var offer = new Offer
        {
            UserId = actor.UserId,
            Title = input.Title,
            ClientName = input.ClientName,
            ClientEmail = clientEmail,
            TotalAmount = input.TotalAmount,
            Currency = input.Currency,
            Language = input.Language,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Offers.Add(offer);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<Offer>.Ok(offer);
    }

    /// <summary>The actor's offers (an admin's: everyone's), newest first.</summary>
    public async Task<IReadOnlyList<Offer>> ListAsync(Actor actor, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Offers.AsNoTracking()
            .Where(o => actor.IsAdmin || o.UserId == actor.UserId)
            .OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
    }
}
