using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Majster.Admin.Ui;

/// <summary>The UI's languages: English and Polish; a person's choice lives in the culture cookie, else the browser's.</summary>
public static class UiCulture
{
    public static readonly IReadOnlyList<string> Supported = ["en", "pl"];

    public static void Remember(HttpResponse response, string culture)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!Supported.Contains(culture))
        {
            return;
        }

        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
    }

    public static IServiceCollection AddMajsterLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
        });
        return services;
    }
}
