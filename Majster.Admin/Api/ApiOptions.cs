using System.ComponentModel.DataAnnotations;

namespace Majster.Admin.Api;

/// <summary>The <c>Api</c> section.</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>The largest request body an endpoint reads (64 KiB); larger is 413.</summary>
    public const int MaxRequestBodyBytes = 64 * 1024;

    /// <summary>Requests per minute per token or user (or remote address when anonymous).</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPerMinute { get; set; } = 600;

    /// <summary>
    /// The browser origins (<c>scheme://host[:port]</c>) whose pages may call the API (<see cref="ApiCors"/>); none by
    /// default. From the environment: <c>Api__CorsOrigins__0=https://app.example.com</c>.
    /// </summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>
    /// Where clients reach the API (e.g. <c>https://admin.majster.example</c>), the server the OpenAPI document names;
    /// empty: the document names its own location's root.
    /// </summary>
    public string? PublicUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PublicUrl) &&
            !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"Api:PublicUrl must be an absolute http(s) URL, not '{PublicUrl}'.", [nameof(PublicUrl)]);
        }

        foreach (var origin in CorsOrigins)
        {
            if (!ApiCors.IsOrigin(origin))
            {
                yield return new ValidationResult(
                    $"Api:CorsOrigins holds '{origin}', which is no origin: write scheme://host[:port], e.g. https://app.example.com, with no path.",
                    [nameof(CorsOrigins)]);
            }
        }
    }
}
