using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Tests.Support;

/// <summary>The real app, on a test database, with test secrets; settings and services can be adjusted per fixture.</summary>
/// <remarks>
/// The scheduler is off unless a test turns it on (<c>Scheduler:Enabled</c>), so tests of the API and UI see rows stay
/// where they put them; each app gets its own data folder (pickup outbox) under /tmp, removed when it is disposed.
/// </remarks>
public sealed class MajsterAppFactory(string connectionString) : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@tests.local";
    public const string AdminPassword = "Admin-test-password-1";
    public const string AdminApiToken = "mjt_test_admin_token_0123456789abcdef";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "majster-app-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Where this app writes its pickup outbox (when no SMTP host is set).</summary>
    public string Outbox => Path.Combine(_dataDirectory, "outbox");

    /// <summary>Overrides one configuration value (e.g. <c>Scheduler:CronSecret</c>); call before the first client.</summary>
    public MajsterAppFactory WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces services (e.g. the clock); call before the first client.</summary>
    public MajsterAppFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Serve the static web assets (MudBlazor's CSS and JS from its package) outside Development too.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Majster", connectionString);
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Bootstrap:AdminApiToken", AdminApiToken);
        builder.UseSetting("Database:DataDirectory", _dataDirectory);
        builder.UseSetting("Scheduler:Enabled", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
