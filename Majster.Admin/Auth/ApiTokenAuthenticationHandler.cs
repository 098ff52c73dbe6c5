using System.Security.Claims;
using System.Text.Encodings.Web;
using Majster.Core.Accounts;
using Majster.Core.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Majster.Admin.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: hashes the token, finds it (neither revoked nor expired, its user not
/// disabled) in <c>api_tokens</c> — or in
/// <see cref="ApiTokenCache"/> when it was found there moments ago — and signs its user in with the same claims the
/// Identity cookie carries (id, name, roles). A password lockout does not stop a token: it protects the password sign-in,
/// and a stranger's wrong passwords must not cut off someone's integration. Answers 401 to a challenge.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<MajsterDbContext> contexts,
    ApiTokenCache owners,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    /// <summary><c>last_used_at</c> is written at most this often per token, so a busy client costs no write per call.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The token in the request's Authorization header, or null when it carries none.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? header[BearerPrefix.Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var plaintext = BearerToken(Request);
        if (plaintext is null)
        {
            return AuthenticateResult.NoResult();
        }

        if (plaintext.Length is 0 or > 200)
        {
            return AuthenticateResult.Fail("Invalid API token.");
        }

        var hash = ApiToken.Hash(plaintext);
        var owner = owners.Find(hash) ?? await LookUpAsync(hash, Context.RequestAborted);
        if (owner is null)
        {
            return AuthenticateResult.Fail("Invalid API token.");
        }

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, owner.UserId.ToString()),
            new(ClaimTypes.Name, owner.UserName),
        ];
        claims.AddRange(owner.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>
    /// The token's owner from the database (remembered for the next requests), or null when the token is unknown,
    /// revoked, expired or its user disabled. Records the token's use, at most once per <see cref="LastUsedResolution"/>.
    /// </summary>
    private async Task<ApiTokenOwner?> LookUpAsync(string hash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var match = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .Where(t => t.ExpiresAt == null || t.ExpiresAt > now)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new
            {
                TokenId = t.Id,
                t.LastUsedAt,
                u.Id,
                u.UserName,
                u.Email,
                u.DisabledAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (match is null || match.DisabledAt is not null)
        {
            return null;
        }

        if (match.LastUsedAt is null || now - match.LastUsedAt >= LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            await db.ApiTokens
                .Where(t => t.Id == match.TokenId && (t.LastUsedAt == null || t.LastUsedAt <= stale))
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        var owner = new ApiTokenOwner(
            match.TokenId, match.Id, match.UserName ?? match.Email ?? match.Id.ToString(), [.. match.Roles.OfType<string>()]);
        owners.Remember(hash, owner);
        return owner;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
