namespace Majster.Admin.Ui;

internal static class UiExtensions
{
    /// <summary>What the Blazor pages use besides Core: languages, the signed-in person, the action helpers, the change feed and the shared dashboard figures.</summary>
    public static IServiceCollection AddMajsterUi(this IServiceCollection services)
    {
        services.AddMajsterLocalization();
        services.AddScoped<CurrentUser>();
        services.AddScoped<OfferSendCommands>();
        services.AddSingleton<OfferSendChanges>();
        services.AddHostedService(sp => sp.GetRequiredService<OfferSendChanges>());
        services.AddSingleton<DashboardFigures>();
        services.AddCircuitLimits();
        return services;
    }
}
