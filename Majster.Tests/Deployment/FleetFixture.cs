using System.Globalization;
using Majster.Processes;
using Majster.Tests.Support;
using Microsoft.Playwright;

namespace Majster.Tests.Deployment;

/// <summary>
/// The published app as an operator runs it from <c>deploy/</c>: two instances started by the systemd unit's
/// <c>ExecStart</c> from <c>/</c>, with the shipped environment file (its values pointed at this test's PostgreSQL and
/// SMTP server), behind Debian's nginx running the shipped site; and Debian's Chromium.
/// </summary>
public sealed class FleetFixture(PostgresCluster cluster) : IAsyncLifetime
{
    public const string AdminEmail = "admin@fleet.test";
    public const string AdminPassword = "Fleet-admin-password-1";
    public const string AdminApiToken = "mjt_fleet_admin_token_0123456789abcdef";
    public const string ScrapeToken = "fleet-scrape-token-5f1c9e";
    public const int Instances = 2;

    private readonly AppProcess?[] _instances = new AppProcess?[Instances];
    private readonly int[] _ports = new int[Instances];
    private IPlaywright? _playwright;
    private string _publishedDll = "";

    public SmtpTestServer Smtp { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public NginxProxy Proxy { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The proxy's address, as a person's browser reaches it.</summary>
    public Uri ProxyAddress => new($"https://127.0.0.1:{Proxy.Port}");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Smtp = await SmtpTestServer.StartAsync(ct);
        ConnectionString = await cluster.CreateDatabaseAsync(cancellationToken: ct);
        _publishedDll = await PublishedApp.DllAsync();
        for (var i = 0; i < Instances; i++)
        {
            _ports[i] = Majster.Core.LoopbackPorts.Free();
        }

        await EnsureRunningAsync();
        Proxy = await NginxProxy.StartSiteAsync(File.ReadAllText(Repository.PathOf(DeployFiles.NginxSite)), _ports, ct);

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>An instance's own address (behind the proxy).</summary>
    public Uri InstanceAddress(int instance) => new($"http://127.0.0.1:{_ports[instance]}");

    /// <summary>The instance that listens on <paramref name="upstream"/> (<c>127.0.0.1:port</c>, as nginx logs it).</summary>
    public int InstanceAt(string upstream) => Array.IndexOf(_ports, int.Parse(upstream.Split(':')[^1], CultureInfo.InvariantCulture));

    /// <summary>
    /// What the shipped files give instance <paramref name="instance"/> (<see cref="DeployFiles.InstanceEnvironment"/>), with the values that name real infrastructure pointed at this test's.
    /// </summary>
    public Dictionary<string, string> Settings(int instance)
    {
        var settings = DeployFiles.InstanceEnvironment(instance.ToString(CultureInfo.InvariantCulture), "fleet");

        var local = new Dictionary<string, string>
        {
            ["ConnectionStrings__Majster"] = ConnectionString,
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
            ["Smtp__User"] = "",
            ["Smtp__Password"] = "",
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Bootstrap__AdminPassword"] = AdminPassword,
            ["AllowedHosts"] = "majster.test;127.0.0.1",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_ports[instance]}",
        };
        foreach (var (key, value) in local)
        {
            Assert.True(settings.ContainsKey(key), $"The shipped deployment does not set {key}.");
            settings[key] = value;
        }

        settings["Bootstrap__AdminApiToken"] = AdminApiToken;
        settings["Metrics__ScrapeToken"] = ScrapeToken;
        return settings;
    }

    /// <summary>Starts the published app as the unit's <c>ExecStart</c> does, from <c>/</c> (systemd's working directory).</summary>
    public Task<AppProcess> StartProcessAsync(IReadOnlyDictionary<string, string> settings)
    {
        var execStart = DeployFiles.ExecStart();
        Assert.Equal("dotnet", Path.GetFileName(execStart[0]));
        Assert.StartsWith("/opt/majster/", execStart[1], StringComparison.Ordinal);
        var dll = Path.Combine(Path.GetDirectoryName(_publishedDll)!, execStart[1]["/opt/majster/".Length..]);
        return AppProcess.StartAsync(settings, TestContext.Current.CancellationToken, dll, workingDirectory: "/");
    }

    /// <summary>Starts whichever instance is not running (a test may have stopped one).</summary>
    public async Task EnsureRunningAsync()
    {
        for (var i = 0; i < Instances; i++)
        {
            if (_instances[i] is null or { HasExited: true })
            {
                if (_instances[i] is { } exited)
                {
                    await exited.DisposeAsync();
                }

                _instances[i] = await StartProcessAsync(Settings(i));
            }
        }
    }

    /// <summary><c>systemctl stop</c>: SIGTERM, then the wait for the process to end.</summary>
    public async Task StopAsync(int instance)
    {
        var process = _instances[instance] ?? throw new InvalidOperationException("Not running.");
        await process.TerminateAsync();
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "The instance did not stop:\n" + process.Output);
        await process.DisposeAsync();
        _instances[instance] = null;
    }

    public string Output(int instance) => _instances[instance]?.Output ?? "(not running)";

    /// <summary>A fresh browser context (no cookies) on the proxy's address, trusting its self-signed certificate.</summary>
    public Task<IPage> NewPageAsync() => Chromium.NewPageAsync(Browser, ProxyAddress.ToString(), ignoreHttpsErrors: true);

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        foreach (var instance in _instances)
        {
            if (instance is not null)
            {
                await instance.DisposeAsync();
            }
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }
    }
}
