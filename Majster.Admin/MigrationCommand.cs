using Majster.Core.Data;

namespace Majster.Admin;

/// <summary><c>dotnet Majster.Admin.dll --migrate</c>: apply pending migrations to the configured database and exit.</summary>
internal static class MigrationCommand
{
    public const string Argument = "--migrate";

    public static async Task RunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILogger<WebApplication>>();
        var database = app.Services.GetRequiredService<MajsterDatabase>();
        try
        {
            await app.Services.MigrateMajsterDatabaseAsync(app.Lifetime.ApplicationStopping);
            logger.LogInformation("Migrations applied");
        }
        finally
        {
            if (database.Embedded is { } embedded)
            {
                await embedded.StopAsync();
            }
        }
    }
}
