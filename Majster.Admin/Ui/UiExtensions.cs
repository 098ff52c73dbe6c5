namespace Majster.Admin.Ui;

internal static class UiExtensions
{
    /// <summary>What the Blazor pages use besides Core: languages, the signed-in person, the action helpers.</summary>
    public static IServiceCollection AddMajsterUi(this IServiceCollection services)
    {
        services.AddMajsterLocalization();
        services.AddScoped<CurrentUser>();
        services.AddScoped<OfferSendCommands>();
        return services;
    }
}
