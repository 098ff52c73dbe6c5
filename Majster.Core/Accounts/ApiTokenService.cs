using Majster.Core.Data;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Accounts;

/// <summary>An issued token: the stored row and the plaintext, which exists only in this answer.</summary>
public sealed record IssuedApiToken(ApiToken Token, string Plaintext);

/// <summary>Issues, lists and revokes personal API tokens. Only the SHA-256 hash is stored.</summary>
public sealed class ApiTokenService(IDbContextFactory<MajsterDbContext> contexts, ApiTokenCache owners, TimeProvider clock)
{
    public const int MaxNameLength = 100;

    /// <summary>A user holds at most this many active (neither revoked nor expired) tokens.</summary>
    public const int MaxActivePerUser = 20;

    /// <summary>
    /// A new token for a user, expiring at <paramref name="expiresAt"/> (null = never; else it must be in the future).
    /// A conflict when the user already holds <see cref="MaxActivePerUser"/> active tokens.
    /// </summary>
    public async Task<Outcome<IssuedApiToken>> IssueAsync(
        Guid userId, string name, CancellationToken cancellationToken, DateTimeOffset? expiresAt = null)
    {
        var now = clock.GetUtcNow();
        if (CheckRequest(name, expiresAt, now) is { } invalid)
        {
            return Outcome<IssuedApiToken>.Invalid(invalid);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return Outcome<IssuedApiToken>.NotFound($"User {userId} was not found.");
        }

        var active = await db.ApiTokens.CountAsync(
            t => t.UserId == userId && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now), cancellationToken);
        if (active >= MaxActivePerUser)
        {
            return Outcome<IssuedApiToken>.Conflict(
                $"This user already has {MaxActivePerUser} active tokens, the most allowed: revoke one before issuing another.");
        }

        var plaintext = ApiToken.NewPlaintext();
        var token = new ApiToken
        {
            Name = name, TokenHash = ApiToken.Hash(plaintext), UserId = userId, CreatedAt = now, ExpiresAt = expiresAt?.ToUniversalTime(),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<IssuedApiToken>.Ok(new IssuedApiToken(token, plaintext));
    }

    /// <summary>Why a token with this name and expiry cannot be issued at <paramref name="now"/>, or null when it can.</summary>
    public static RuleBreach? CheckRequest(string? name, DateTimeOffset? expiresAt, DateTimeOffset now) => OfferInputRules.First(
        OfferInputRules.CheckHeaderText("name", name, MaxNameLength),
        expiresAt is { } end && end <= now ? RuleText.NotInFuture.For("expiresAt") : null);

    public async Task<IReadOnlyList<ApiToken>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ListAsync(db, userId, cancellationToken);
    }

    /// <summary>A user's tokens, for an admin; not found when there is no such user.</summary>
    public async Task<Outcome<IReadOnlyList<ApiToken>>> ListOfUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == userId, cancellationToken)
            ? Outcome<IReadOnlyList<ApiToken>>.Ok(await ListAsync(db, userId, cancellationToken))
            : Outcome<IReadOnlyList<ApiToken>>.NotFound($"User {userId} was not found.");
    }

    /// <summary>
    /// Revokes a token the actor may see: staff their own, an admin anyone's. With <paramref name="ownerId"/> the
    /// token must also be that user's. Any other token is not found. Revoking twice is harmless.
    /// </summary>
    public async Task<Outcome<ApiToken>> RevokeAsync(Actor actor, Guid tokenId, CancellationToken cancellationToken, Guid? ownerId = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId, cancellationToken);
        if (token is null || !actor.CanSee(token.UserId) || (ownerId is { } owner && token.UserId != owner))
        {
            return Outcome<ApiToken>.NotFound($"Token {tokenId} was not found.");
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        owners.Forget(token.TokenHash);
        return Outcome<ApiToken>.Ok(token);
    }

    /// <summary>Revokes every active token of a user (disabled, or their password reset) and forgets them in this process.</summary>
    public async Task RevokeAllOfUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), cancellationToken);
        owners.ForgetUser(userId);
    }

    private static async Task<IReadOnlyList<ApiToken>> ListAsync(MajsterDbContext db, Guid userId, CancellationToken cancellationToken) =>
        await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
}
