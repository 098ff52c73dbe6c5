using System.Security.Cryptography;
using Majster.Core;
using Majster.Core.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Majster.Admin;

/// <summary>
/// <c>dotnet Majster.Admin.dll reset-password EMAIL</c>: gives the account a new random password, printed once,
/// lifts a lockout and signs the account out everywhere (a new security stamp).
/// </summary>
internal static class ResetPasswordCommand
{
    public const string Verb = "reset-password";

    public static async Task RunAsync(WebApplication app, IReadOnlyList<string> args, TextWriter output)
    {
        var at = args.ToList().IndexOf(Verb);
        var email = at + 1 < args.Count ? args[at + 1] : throw new MajsterConfigurationException($"Usage: Majster.Admin {Verb} EMAIL");
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MajsterUser>>();
        var user = await users.FindByEmailAsync(email)
            ?? throw new MajsterConfigurationException($"No account has the e-mail address {email}.");
        var password = NewPassword();
        Succeeded(await users.RemovePasswordAsync(user));
        Succeeded(await users.AddPasswordAsync(user, password));
        Succeeded(await users.SetLockoutEndDateAsync(user, null));
        Succeeded(await users.ResetAccessFailedCountAsync(user));
        Succeeded(await users.UpdateSecurityStampAsync(user));
        await output.WriteLineAsync($"New password for {user.Email}: {password}");
        await output.WriteLineAsync("It is shown only now: sign in with it and choose your own on the Account page.");
    }

    /// <summary>16 random letters and digits, with each kind the password rules ask for.</summary>
    internal static string NewPassword()
    {
        var characters = (RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz", 6)
            + RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 6)
            + RandomNumberGenerator.GetString("23456789", 4)).ToCharArray();
        RandomNumberGenerator.Shuffle(characters.AsSpan());
        return new string(characters);
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new MajsterConfigurationException(
                "The password could not be reset: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
