using Hangfire;
using Majster.Admin.Api;
using Majster.Admin.Auth;
using Majster.Admin.Components;
using Majster.Admin.Health;
using Majster.Admin.Jobs;
using MudBlazor.Services;

namespace Majster.Admin;

/// <summary>The web host's services and pipeline.</summary>
public static class MajsterAdminExtensions
{
    public static WebApplicationBuilder AddMajsterAdmin(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddProblemDetails();

        services.AddMajsterAuth();
        services.AddMajsterHealth();
        services.AddMajsterJobs();
        services.AddMajsterApi();
        return builder;
    }

    public static WebApplication UseMajsterAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler();
            app.UseHsts();
        }

        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapMajsterHealth();
        app.MapMajsterApi();
        app.MapHangfireDashboardWithAuthorizationPolicy(AuthExtensions.AdminPolicy, "/hangfire");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
