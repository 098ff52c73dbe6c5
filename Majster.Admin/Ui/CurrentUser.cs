using System.Security.Claims;
using Majster.Core.Accounts;
using Majster.Core.Data;
using Majster.Core.Time;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Majster.Admin.Ui;

/// <summary>Who is using this circuit: their id and role (as an <see cref="Actor"/>), e-mail and time zone.</summary>
public sealed record CurrentUserInfo(Actor Actor, string Email, TimeZoneInfo TimeZone);

/// <summary>Loads the signed-in person once per circuit; the account page refreshes it after a change.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, IDbContextFactory<MajsterDbContext> contexts)
{
    private CurrentUserInfo? _cached;

    public async Task<CurrentUserInfo> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is not null)
        {
            return _cached;
        }

        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        var id = Guid.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The page requires a signed-in user."));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == id, cancellationToken);
        _cached = new CurrentUserInfo(
            new Actor(id, principal.IsInRole(Roles.Admin)), user.Email ?? "", LocalTimes.Zone(user.TimeZoneId));
        return _cached;
    }

    public void Forget() => _cached = null;
}
