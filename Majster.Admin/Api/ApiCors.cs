using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Api;

/// <summary>
/// Cross-origin calls from the browser pages on <c>Api:CorsOrigins</c> (none by default): preflights from those
/// origins are answered for the API's endpoints (<c>/api/*</c>, <c>/schedule-offer</c>, <c>/functions/v1/*</c>) with
/// the methods and the headers the original frontend's Supabase client sends; any other origin gets no
/// <c>Access-Control-*</c> header. Credentials are never allowed: a page elsewhere calls with a bearer token, and the
/// API ignores the UI's cookie on a cross-origin request (<see cref="Auth.ApiAuthExtensions"/>).
/// </summary>
internal static class ApiCors
{
    public const string Policy = "api";

    /// <summary>What supabase-js sends (<c>authorization, x-client-info, apikey, content-type</c>) and If-Match.</summary>
    public static readonly string[] Headers = ["authorization", "x-client-info", "apikey", "content-type", "if-match"];

    public static readonly string[] Methods = ["GET", "POST", "DELETE"];

    /// <summary>The answer headers a page may read besides the simple ones.</summary>
    public static readonly string[] ExposedHeaders = ["ETag", "Retry-After"];

    public static IServiceCollection AddApiCors(this IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiOptions>>((cors, api) => cors.AddPolicy(Policy, policy => policy
            .WithOrigins([.. api.Value.CorsOrigins.Select(origin => origin.TrimEnd('/'))])
            .WithMethods(Methods)
            .WithHeaders(Headers)
            .WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    /// <summary>Whether <paramref name="text"/> is an origin as a browser sends it: http(s), a host, a port perhaps, nothing more.</summary>
    public static bool IsOrigin(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) &&
        string.Equals(text.TrimEnd('/'), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase) &&
        uri.UserInfo.Length == 0;
}
