using Majster.Admin.Security;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Majster.Admin.Ui;

/// <summary>The two account actions that must set cookies outside a circuit: sign out, and switch the UI language.</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account").ExcludeFromDescription();
        group.MapPost("/logout", SignOutAsync);
        group.MapPost("/culture", async ([FromForm] string culture, [FromForm] string? returnUrl, HttpContext context, UserManager<MajsterUser> users) =>
        {
            UiCulture.Remember(context.Response, culture);
            if (await users.GetUserAsync(context.User) is { } user && UiCulture.Supported.Contains(culture))
            {
                user.Culture = culture;
                await users.UpdateAsync(user);
            }

            return TypedResults.LocalRedirect(LocalAddress.OrHome(returnUrl));
        }).RequireAuthorization();
        return endpoints;
    }

    /// <summary>
    /// Signs out only with the form's antiforgery token (else 400, so another site cannot sign a person out), and ends
    /// the session on the server too: the security stamp changes, so a copy of the old cookie is refused within seconds.
    /// </summary>
    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOutAsync(
        HttpContext context, IAntiforgery antiforgery, SignInManager<MajsterUser> signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(detail: "The sign-out form's antiforgery token is missing or invalid.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (await signIn.UserManager.GetUserAsync(context.User) is { } user)
        {
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }
}
