using Majster.Core.Data;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Inbound;

/// <summary>The suppressed addresses: looked up before a send is created or made due, listed and lifted by admins.</summary>
public sealed class SuppressionList(IDbContextFactory<MajsterDbContext> contexts)
{
    /// <summary>The suppression of <paramref name="address"/> in the address rule's form, or null.</summary>
    public async Task<Suppression?> FindAsync(string address, CancellationToken cancellationToken)
    {
        var key = Normalize(address);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suppressions.AsNoTracking().FirstOrDefaultAsync(s => s.Address == key, cancellationToken);
    }

    /// <summary>The suppressions among <paramref name="addresses"/> (each in the address rule's form), in one query.</summary>
    public async Task<IReadOnlyList<Suppression>> FindManyAsync(IEnumerable<string> addresses, CancellationToken cancellationToken)
    {
        var keys = addresses.Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suppressions.AsNoTracking().Where(s => keys.Contains(s.Address)).OrderBy(s => s.Address).ToListAsync(cancellationToken);
    }

    /// <summary>Suppressions whose address contains <paramref name="search"/> (any case), newest first.</summary>
    public async Task<IReadOnlyList<Suppression>> ListAsync(string? search, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Suppressions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(s => EF.Functions.ILike(s.Address, pattern));
        }

        return await query.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Address).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Lifts the suppression of <paramref name="address"/>; false when there was none.</summary>
    public async Task<bool> LiftAsync(string address, CancellationToken cancellationToken)
    {
        var key = Normalize(address);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Suppressions.Where(s => s.Address == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>The address rule's one form (domain in lower-case ASCII), or the text as given when the rule refuses it.</summary>
    public static string Normalize(string address) =>
        OfferInputRules.CheckEmail("address", address, out var normalized) is null ? normalized : address;
}
