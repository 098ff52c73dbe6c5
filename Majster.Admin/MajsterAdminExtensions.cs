using Hangfire;
using Majster.Admin.Api;
using Majster.Admin.Auth;
using Majster.Admin.Components;
using Majster.Admin.Health;
using Majster.Admin.Jobs;
using Majster.Admin.Ui;
using Majster.Admin.Security;
using Majster.Admin.Telemetry;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Options;
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
        services.AddMajsterUi();
        services.AddProblemDetails();

        services.AddMajsterAuth();
        services.AddMajsterHsts();
        services.AddMajsterHealth();
        services.AddMajsterJobs();

        // Shutdown waits as long as the scheduler may take to finish or abandon its batch.
        services.AddOptions<HostOptions>().Configure<IOptions<SchedulerOptions>>(
            (host, scheduler) => host.ShutdownTimeout = scheduler.Value.ShutdownTimeout);
        services.AddMajsterApi();
        builder.AddMajsterTelemetry();
        return builder;
    }

    public static WebApplication UseMajsterAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMajsterSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler();
            app.UseHsts();
        }

        app.UseStatusCodePages();
        app.UseRequestLocalization();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseJsonRequestBodies();
        app.UseAntiforgery();

        app.UseCircuitLimits();
        app.MapStaticAssets();
        app.MapMajsterHealth();
        app.MapMajsterTelemetry();
        app.MapMajsterApi();
        app.MapAccountEndpoints();
        app.MapHangfireDashboardWithAuthorizationPolicy(AuthExtensions.AdminPolicy, "/hangfire");
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
