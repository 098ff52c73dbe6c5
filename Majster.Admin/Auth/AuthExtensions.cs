using Majster.Admin.Security;
using Majster.Core.Accounts;
using Majster.Core.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Auth;

/// <summary>Identity (cookie for the UI), roles and the policies the endpoints and pages use.</summary>
internal static class AuthExtensions
{
    /// <summary>Admin pages, admin endpoints and the Hangfire dashboard.</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>Fixed, so that instances installed in different folders share their keys.</summary>
    public const string DataProtectionApplicationName = "Majster.Admin";

    public static IServiceCollection AddMajsterAuth(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();

        services.AddIdentityCore<MajsterUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<MajsterRole>()
            .AddEntityFrameworkStores<MajsterDbContext>()
            .AddSignInManager<MajsterSignInManager>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
        services.AddScoped<UserAccounts>();
        services.AddSingleton<UserAdministration>();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section);
        services.AddSingleton<ReplyToDomains>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // A cookie is checked against the stored user (exists, not disabled, same security stamp) this often, and an
        // open page as often (SessionRevalidation): disabling someone, resetting their password or their signing out
        // ends every copy of their session within seconds rather than Identity's default half hour.
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = SessionRevalidation.Interval);
        services.AddSingleton<SessionStamps>();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidation>();

        // Keys in the app's database: every instance and every restart reads the same key ring, so a cookie or an
        // antiforgery token issued by one instance is accepted by the others.
        services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToDbContext<MajsterDbContext>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
        });

        // Secure cookies outside Development (behind TLS, or a proxy that forwards the scheme); plain http works locally.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IHostEnvironment>(
            (cookie, environment) => cookie.Cookie.SecurePolicy = SecurePolicy(environment));
        // The antiforgery cookie proves no identity; it is Secure whenever the request is (always, behind TLS). Forcing it
        // would make antiforgery throw on plain-http requests, as tests and a local run outside Development make.
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Lax;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        services.AddCascadingAuthenticationState();

        // Order matters: after the database is migrated (registered by AddMajsterCore), before Hangfire starts.
        services.AddHostedService<AdminBootstrapper>();
        return services;
    }

    private static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
