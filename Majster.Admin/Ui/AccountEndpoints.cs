using Majster.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Majster.Admin.Ui;

/// <summary>The two account actions that must set cookies outside a circuit: sign out, and switch the UI language.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account").ExcludeFromDescription();
        group.MapPost("/logout", async (SignInManager<MajsterUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        group.MapPost("/culture", async ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext context, UserManager<MajsterUser> users) =>
        {
            UiCulture.Remember(context.Response, culture);
            if (await users.GetUserAsync(context.User) is { } user && UiCulture.Supported.Contains(culture))
            {
                user.Culture = culture;
                await users.UpdateAsync(user);
            }

            return TypedResults.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
        }).RequireAuthorization();
        return endpoints;
    }
}
