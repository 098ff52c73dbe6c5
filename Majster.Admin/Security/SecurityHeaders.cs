namespace Majster.Admin.Security;

/// <summary>
/// Headers every response carries: a Content-Security-Policy, <c>X-Content-Type-Options: nosniff</c>, a
/// Referrer-Policy and <c>X-Frame-Options: DENY</c> (HSTS, for a year, is added to https answers outside Development by
/// <c>UseHsts</c>).
/// </summary>
/// <remarks>
/// The app's policy lets Blazor Server and MudBlazor work: scripts only from the app, inline styles (MudBlazor sets
/// <c>style</c> attributes), the SignalR circuit over ws/wss, images from the app or <c>data:</c>, and frames only from
/// the app (the e-mail preview is an <c>&lt;iframe sandbox srcdoc&gt;</c>). The Scalar API docs (<c>/scalar</c>) and
/// the Hangfire dashboard (<c>/hangfire</c>) ship inline scripts, so those two paths get a looser script-src; Scalar
/// also loads its fonts from <c>fonts.scalar.com</c>. No path may be framed by another site.
/// </remarks>
internal static class SecurityHeaders
{
    public const string AppPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self' ws: wss:; frame-src 'self'; child-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string ToolPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https://fonts.scalar.com; " +
        "img-src 'self' data: https:; font-src 'self' data: https://fonts.scalar.com; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly PathString[] ToolPaths = ["/scalar", "/hangfire"];

    /// <summary>Set as the response starts, so error pages (whose handler clears the headers first) carry them too.</summary>
    public static IApplicationBuilder UseMajsterSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = PolicyFor(context.Request.Path);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });

    /// <summary>Browsers that reached the site over https once keep to https for a year.</summary>
    public static IServiceCollection AddMajsterHsts(this IServiceCollection services) =>
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

    public static string PolicyFor(PathString path) =>
        ToolPaths.Any(tool => path.StartsWithSegments(tool, StringComparison.OrdinalIgnoreCase)) ? ToolPolicy : AppPolicy;
}
