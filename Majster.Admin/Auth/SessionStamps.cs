using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Majster.Admin.Auth;

/// <summary>
/// Every active (not disabled) user's security stamp, read in one query at most once per <see cref="MaxAge"/> for the
/// whole instance: the open pages revalidating their sign-in (<see cref="SessionRevalidation"/>) share it, so idle
/// pages cost the database one small query per <see cref="MaxAge"/>, however many are open.
/// </summary>
internal sealed class SessionStamps(IDbContextFactory<MajsterDbContext> contexts, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _reading = new(1, 1);

    /// <summary>One read: replaced whole, so a page never sees stamps of one read with the time of another.</summary>
    private Snapshot _last = new(new Dictionary<Guid, string?>(), DateTimeOffset.MinValue);

    /// <summary>
    /// Whether the user exists, is not disabled, and still has <paramref name="stamp"/> (no password reset or sign-out
    /// since). A user the last read does not vouch for (signed in since, or changed) is read again before the answer.
    /// </summary>
    public async Task<bool> IsCurrentAsync(Guid userId, string? stamp, CancellationToken cancellationToken)
    {
        var asked = clock.GetUtcNow();
        return Vouches(await ReadAsync(asked - MaxAge, cancellationToken), userId, stamp)
            || Vouches(await ReadAsync(asked, cancellationToken), userId, stamp);
    }

    private static bool Vouches(IReadOnlyDictionary<Guid, string?> stamps, Guid userId, string? stamp) =>
        stamps.TryGetValue(userId, out var current) && string.Equals(current, stamp, StringComparison.Ordinal);

    /// <summary>The stamps as read at or after <paramref name="notBefore"/> (one read serves every page waiting for it).</summary>
    private async Task<IReadOnlyDictionary<Guid, string?>> ReadAsync(DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        if (_last is { ReadAt: var readAt, Stamps: var stamps } && readAt >= notBefore)
        {
            return stamps;
        }

        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (_last.ReadAt < notBefore)
            {
                var startedAt = clock.GetUtcNow();
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                _last = new Snapshot(
                    await db.Users.AsNoTracking().Where(u => u.DisabledAt == null).ToDictionaryAsync(u => u.Id, u => u.SecurityStamp, cancellationToken),
                    startedAt);
            }

            return _last.Stamps;
        }
        finally
        {
            _reading.Release();
        }
    }

    public void Dispose() => _reading.Dispose();

    private sealed record Snapshot(IReadOnlyDictionary<Guid, string?> Stamps, DateTimeOffset ReadAt);
}
