using System.Collections.Concurrent;

namespace Majster.Core.Accounts;

/// <summary>Whom a valid API token signs in: its user's id, name and roles.</summary>
public sealed record ApiTokenOwner(Guid TokenId, Guid UserId, string UserName, IReadOnlyList<string> Roles);

/// <summary>
/// Valid API tokens' owners, remembered for <see cref="Lifetime"/> so that a busy client costs no database lookup per
/// request. Keyed by the token's SHA-256 hash; only tokens that were found valid are remembered, so the cache holds
/// at most one entry per token in use. Revoking a token, or disabling its user, forgets it at once in this process;
/// another instance, and a change to the user (a role), sees it within <see cref="Lifetime"/>.
/// </summary>
public sealed class ApiTokenCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiTokenOwner Owner, DateTimeOffset Until)> _owners = new(StringComparer.Ordinal);

    public ApiTokenOwner? Find(string tokenHash)
    {
        if (!_owners.TryGetValue(tokenHash, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() < entry.Until)
        {
            return entry.Owner;
        }

        _owners.TryRemove(KeyValuePair.Create(tokenHash, entry));
        return null;
    }

    public void Remember(string tokenHash, ApiTokenOwner owner) => _owners[tokenHash] = (owner, clock.GetUtcNow() + Lifetime);

    public void Forget(string tokenHash) => _owners.TryRemove(tokenHash, out _);

    /// <summary>Forgets every token of one user (disabled, or their password reset).</summary>
    public void ForgetUser(Guid userId)
    {
        foreach (var entry in _owners.Where(entry => entry.Value.Owner.UserId == userId))
        {
            _owners.TryRemove(entry);
        }
    }
}
