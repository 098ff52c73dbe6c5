namespace Majster.Bench.Infrastructure;

/// <summary>The app as the bench runs it: on the bench database and SMTP sink, with a bootstrap admin and API token, ready.</summary>
internal static class BenchApp
{
    public const string AdminEmail = "bench-admin@bench.local";

    /// <summary>One for the whole run: the first app creates the admin in the bench database, later ones find it there.</summary>
    public static readonly string AdminPassword = "Bench-" + Guid.NewGuid().ToString("N") + "!";

    private const string ApiTokenSetting = "Bootstrap__AdminApiToken";

    public static async Task<AppProcess> StartAsync(
        string connectionString, int smtpPort, string logDirectory, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null, string? publishedAssembly = null)
    {
        var all = AppProcess.Defaults(connectionString, smtpPort);
        all["Bootstrap__AdminEmail"] = AdminEmail;
        all["Bootstrap__AdminPassword"] = AdminPassword;
        all[ApiTokenSetting] = "bench-" + Guid.NewGuid().ToString("N");

        // The limit is per token and per minute; the bench is one client, on purpose far above it.
        all["Api__RateLimitPerMinute"] = "1000000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var app = await AppProcess.StartAsync(all, cancellationToken, publishedAssembly, logDirectory: logDirectory);
        try
        {
            await app.WaitUntilReadyAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The bootstrap admin's API token the app was started with.</summary>
    public static string ApiToken(this AppProcess app) => app.Settings[ApiTokenSetting];
}
