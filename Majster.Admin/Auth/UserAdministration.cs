using System.Security.Cryptography;
using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Offers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Majster.Admin.Auth;

/// <summary>One account as an admin sees it.</summary>
public sealed record UserSummary(
    Guid Id, string Email, string Role, bool Disabled, DateTimeOffset? DisabledAt, DateTimeOffset? LastSignInAt, DateTimeOffset CreatedAt);

/// <summary>
/// What an admin does to accounts — list, disable, enable, reset a password — for the API and the users page alike.
/// Each action reads and writes the user in a scope of its own, so a long-lived page's context never holds a stale
/// copy of the user. Disabling rotates the security stamp and revokes the user's tokens: their cookie, open pages and
/// tokens stop working within seconds. A password reset rotates the stamp too: the old sessions end.
/// </summary>
public sealed class UserAdministration(
    IServiceScopeFactory scopes,
    IDbContextFactory<MajsterDbContext> contexts,
    ApiTokenService tokens,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new
            {
                u.Id,
                u.Email,
                u.DisabledAt,
                u.LastSignInAt,
                u.CreatedAt,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(u => new UserSummary(
            u.Id, u.Email ?? "", u.Roles.Contains(Roles.Admin) ? Roles.Admin : Roles.Staff,
            u.DisabledAt is not null, u.DisabledAt, u.LastSignInAt, u.CreatedAt))];
    }

    /// <summary>Shuts a user out at once; refused for the last admin who is not disabled.</summary>
    public async Task<Outcome<UserSummary>> DisableAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        if (user.DisabledAt is null && await users.IsInRoleAsync(user, Roles.Admin))
        {
            var admins = await users.GetUsersInRoleAsync(Roles.Admin);
            if (!admins.Any(admin => admin.Id != id && admin.DisabledAt is null))
            {
                return Outcome<UserSummary>.Conflict("The last active admin cannot be disabled: make another admin first.");
            }
        }

        user.DisabledAt ??= clock.GetUtcNow();
        var updated = await users.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            return Outcome<UserSummary>.Conflict(Describe(updated));
        }

        await tokens.RevokeAllOfUserAsync(id, cancellationToken);
        return Outcome<UserSummary>.Ok(await SummaryAsync(users, user));
    }

    /// <summary>Lets a disabled user in again (and clears a password lockout); their old tokens stay revoked.</summary>
    public async Task<Outcome<UserSummary>> EnableAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return NotFound(id);
        }

        user.DisabledAt = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var updated = await users.UpdateAsync(user);
        return updated.Succeeded ? Outcome<UserSummary>.Ok(await SummaryAsync(users, user)) : Outcome<UserSummary>.Conflict(Describe(updated));
    }

    /// <summary>Sets a new random password, returned to be passed on; the user's sessions end (tokens keep working).</summary>
    public async Task<Outcome<string>> ResetPasswordAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        if (await users.FindByIdAsync(id.ToString()) is not { } user)
        {
            return Outcome<string>.NotFound($"User {id} was not found.");
        }

        // Twelve random bytes, with an upper- and a lower-case letter and a digit in front, so that every such password
        // meets the password rules (random letters alone lack a digit about once in fifteen).
        var password = $"Mj{RandomNumberGenerator.GetInt32(10)}-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        cancellationToken.ThrowIfCancellationRequested();
        return reset.Succeeded ? Outcome<string>.Ok(password) : Outcome<string>.Invalid(Describe(reset));
    }

    private static async Task<UserSummary> SummaryAsync(UserManager<MajsterUser> users, MajsterUser user) => new(
        user.Id, user.Email ?? "", await users.IsInRoleAsync(user, Roles.Admin) ? Roles.Admin : Roles.Staff,
        user.DisabledAt is not null, user.DisabledAt, user.LastSignInAt, user.CreatedAt);

    private static Outcome<UserSummary> NotFound(Guid id) => Outcome<UserSummary>.NotFound($"User {id} was not found.");

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}
