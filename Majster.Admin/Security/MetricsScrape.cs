using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Majster.Admin.Security;

/// <summary>The <c>Metrics</c> section: who may read <c>/metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// When set, <c>/metrics</c> answers only <c>Authorization: Bearer &lt;it&gt;</c> (Prometheus's <c>authorization</c>
    /// in a scrape config), else 401. Unset: <c>/metrics</c> is open in Development and tests, and not served in Production.
    /// </summary>
    public string? ScrapeToken { get; set; }
}

/// <summary>The guard in front of the Prometheus scraping endpoint.</summary>
internal static class MetricsScrape
{
    /// <summary>Whether <c>/metrics</c> is served at all: with a scrape token, or outside Production.</summary>
    public static bool IsServed(IHostEnvironment environment, MetricsOptions options) =>
        !string.IsNullOrEmpty(options.ScrapeToken) || !environment.IsProduction();

    /// <summary>With a scrape token, refuses (401) a request that does not carry it; the comparison takes the same time whatever the guess.</summary>
    public static void RequireScrapeToken(this IApplicationBuilder branch, MetricsOptions options)
    {
        if (string.IsNullOrEmpty(options.ScrapeToken))
        {
            return;
        }

        var expected = Encoding.UTF8.GetBytes("Bearer " + options.ScrapeToken);
        branch.Use((context, next) =>
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers[HeaderNames.Authorization].ToString());
            if (CryptographicOperations.FixedTimeEquals(given, expected))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        });
    }
}
