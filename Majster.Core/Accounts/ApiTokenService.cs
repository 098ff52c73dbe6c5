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

    public async Task<Outcome<IssuedApiToken>> IssueAsync(Guid userId, string name, CancellationToken cancellationToken)
    {
        if (OfferInputRules.CheckHeaderText("name", name, MaxNameLength) is { } error)
        {
            return Outcome<IssuedApiToken>.Invalid(error);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return Outcome<IssuedApiToken>.NotFound($"User {userId} was not found.");
        }

        var plaintext = ApiToken.NewPlaintext();
        var token = new ApiToken { Name = name, TokenHash = ApiToken.Hash(plaintext), UserId = userId, CreatedAt = clock.GetUtcNow() };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<IssuedApiToken>.Ok(new IssuedApiToken(token, plaintext));
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the user's own tokens; another user's token is not found. Revoking twice is harmless.</summary>
    public async Task<Outcome<ApiToken>> RevokeAsync(Guid userId, Guid tokenId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return Outcome<ApiToken>.NotFound($"Token {tokenId} was not found.");
        }

        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        owners.Forget(token.TokenHash);
        return Outcome<ApiToken>.Ok(token);
    }
}
