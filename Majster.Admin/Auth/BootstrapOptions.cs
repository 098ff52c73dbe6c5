using Microsoft.Extensions.Options;

namespace Majster.Admin.Auth;

/// <summary>
/// The <c>Bootstrap</c> section: the first admin, created when no admin exists, and its API token, which replaces (and
/// revokes) the previous bootstrap token whenever it changes.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    /// <summary>The values <c>appsettings.Development.json</c> carries; refused outside Development.</summary>
    public const string DevelopmentPassword = "Majster-dev-2026!";
    public const string DevelopmentApiToken = "mjt_development_admin_token_change_me";

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string? AdminApiToken { get; set; }
}

/// <summary>Stops the app at start when the development secrets are used outside Development.</summary>
internal sealed class BootstrapOptionsValidator(IHostEnvironment environment, IOptions<Microsoft.AspNetCore.Identity.IdentityOptions> identity)
    : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        List<string> failures = [];
        if (!string.IsNullOrEmpty(options.AdminEmail) && string.IsNullOrEmpty(options.AdminPassword))
        {
            failures.Add("Bootstrap:AdminPassword is required when Bootstrap:AdminEmail is set.");
        }

        if (!string.IsNullOrEmpty(options.AdminPassword) && PasswordProblem(options.AdminPassword) is { } problem)
        {
            failures.Add($"Bootstrap:AdminPassword {problem}");
        }

        if (!string.IsNullOrEmpty(options.AdminApiToken) && string.IsNullOrEmpty(options.AdminEmail))
        {
            failures.Add("Bootstrap:AdminEmail is required when Bootstrap:AdminApiToken is set.");
        }

        if (!string.IsNullOrEmpty(options.AdminApiToken) && options.AdminApiToken.Length < 24)
        {
            failures.Add("Bootstrap:AdminApiToken must be at least 24 characters long.");
        }

        if (!environment.IsDevelopment() &&
            (options.AdminPassword == BootstrapOptions.DevelopmentPassword || options.AdminApiToken == BootstrapOptions.DevelopmentApiToken))
        {
            failures.Add(
                $"The development admin password or API token is configured in the '{environment.EnvironmentName}' environment; " +
                "set Bootstrap:AdminPassword and Bootstrap:AdminApiToken to secrets of your own.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What the account password rules (Identity's options) find wrong with <paramref name="password"/>, or null.</summary>
    private string? PasswordProblem(string password)
    {
        var rules = identity.Value.Password;
        List<string> missing = [];
        if (password.Length < rules.RequiredLength)
        {
            missing.Add($"at least {rules.RequiredLength} characters");
        }

        if (rules.RequireDigit && !password.Any(char.IsAsciiDigit))
        {
            missing.Add("a digit");
        }

        if (rules.RequireLowercase && !password.Any(char.IsAsciiLetterLower))
        {
            missing.Add("a lower-case letter");
        }

        if (rules.RequireUppercase && !password.Any(char.IsAsciiLetterUpper))
        {
            missing.Add("an upper-case letter");
        }

        if (rules.RequireNonAlphanumeric && password.All(char.IsAsciiLetterOrDigit))
        {
            missing.Add("a character other than a letter or digit");
        }

        return missing.Count == 0 ? null : "must have " + string.Join(", ", missing) + ".";
    }
}
