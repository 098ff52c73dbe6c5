using System.Globalization;
using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace Majster.Admin.Ui;

/// <summary>
/// The UI's languages: English (with British dates, 24-hour clock) and Polish; a person's choice lives in the culture
/// cookie (and their account), else the browser's preference.
/// </summary>
public static class UiCulture
{
    public const string English = "en-GB";
    public const string Polish = "pl-PL";

    public static readonly IReadOnlyList<string> Supported = [English, Polish];

    /// <summary>The other language than the one in use, for the switch in the app bar.</summary>
    public static string Other(CultureInfo current) => current.TwoLetterISOLanguageName == "pl" ? English : Polish;

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
        services.AddTransient<MudLocalizer, UiMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Supported.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(English);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
        });
        return services;
    }
}
