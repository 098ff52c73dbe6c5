using System.Globalization;
using System.Security.Cryptography;
using Majster.Core.Data;
using Majster.Processes;
using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary>
/// An operator's first day, as <c>docs/operations.md</c> walks it: <c>deploy/install.sh</c> run as root (twice) into a
/// temporary root against a fresh PostgreSQL cluster, the SMTP values set in the env file it wrote, then two instances
/// started as systemd starts the installed unit (<see cref="DeployFiles.InstanceEnvironment"/>, a notify socket each,
/// <c>WATCHDOG_USEC</c> from <c>WatchdogSec=</c>), behind nginx running the installed site. Only ports, paths and
/// certificates are adapted to the test.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InstalledSite : IAsyncLifetime
{
    public const string Site = "majster.test";
    public const string AdminEmail = "office@majster.test";
    public const int Instances = 2;
    public const string RunbookUrl = "https://wiki.majster.test/majster/operations.md";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "majster-root-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _user = "mj" + Guid.NewGuid().ToString("N")[..8];
    private readonly AppProcess?[] _instances = new AppProcess?[Instances];
    private readonly NotifySocket?[] _notify = new NotifySocket?[Instances];
    private readonly int[] _ports = new int[Instances];
    private EmbeddedPostgres? _cluster;
    private string _published = "";

    public SmtpTestServer Smtp { get; private set; } = null!;
    public NginxProxy Proxy { get; private set; } = null!;
    public string FirstRun { get; private set; } = "";
    public string SecondRun { get; private set; } = "";
    public IReadOnlyDictionary<string, string> InstalledFiles { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> FilesAfterSecondRun { get; private set; } = new Dictionary<string, string>();

    public Uri ProxyAddress => new($"https://127.0.0.1:{Proxy.Port}");
    public string Unit => Path.Combine(_root, "etc/systemd/system/majster@.service");
    public string AlertRules => Path.Combine(_root, "etc/majster/majster-alerts.yml");
    public string Runbook => Path.Combine(_root, "usr/share/doc/majster/operations.md");
    public string EnvironmentFile => _root + DeployFiles.UnitEnvironmentFile(Unit);
    public IReadOnlyDictionary<string, string> Settings => DeployFiles.Environment(EnvironmentFile);
    public string ConnectionString => Settings["ConnectionStrings__Majster"];
    public NotifySocket Notify(int instance) => _notify[instance] ?? throw new InvalidOperationException("Not running.");
    public AppProcess Instance(int instance) => _instances[instance] ?? throw new InvalidOperationException("Not running.");

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _cluster = await EmbeddedPostgres.StartAsync(
            new EmbeddedPostgresSettings { DataDirectory = Path.Combine(_root + "-pg"), Durable = false }, cancellationToken: ct);
        Smtp = await SmtpTestServer.StartAsync(ct);
        _published = Path.GetDirectoryName(await PublishedApp.DllAsync())!;

        FirstRun = await InstallAsync(ct);
        InstalledFiles = Snapshot();
        SecondRun = await InstallAsync(ct);
        FilesAfterSecondRun = Snapshot();

        // The operator's edit: the mail relay's values in the env file.
        var text = await File.ReadAllTextAsync(EnvironmentFile, ct);
        await File.WriteAllTextAsync(EnvironmentFile, DeployFiles.Render(text, new Dictionary<string, string>
        {
            ["Smtp__Host=\"smtp.example.com\""] = "Smtp__Host=\"127.0.0.1\"",
            ["Smtp__Port=\"587\""] = $"Smtp__Port=\"{Smtp.Port}\"",
            ["Smtp__Security=\"StartTls\""] = "Smtp__Security=\"None\"",
            ["Smtp__User=\"offers@example.com\""] = "Smtp__User=\"\"",
            ["Smtp__Password=\"change-me\""] = "Smtp__Password=\"\"",
        }), ct);

        for (var i = 0; i < Instances; i++)
        {
            _ports[i] = Majster.Core.LoopbackPorts.Free();
            await StartAsync(i);
        }

        var site = Path.Combine(_root, "etc/nginx/sites-enabled/majster");
        Proxy = await NginxProxy.StartSiteAsync(File.ReadAllText(site), _ports, ct);
    }

    /// <summary>
    /// <c>systemctl start majster@N</c>: the unit's command and environment, a notify socket; returns once the instance
    /// said <c>READY=1</c> (what <c>systemctl</c> waits for with <c>Type=notify</c>).
    /// </summary>
    public async Task StartAsync(int instance)
    {
        var settings = DeployFiles.InstanceEnvironment(instance.ToString(CultureInfo.InvariantCulture), "firstday", Unit, EnvironmentFile);
        settings["ASPNETCORE_URLS"] = settings["ASPNETCORE_URLS"].Replace($"508{instance}", _ports[instance].ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var notify = new NotifySocket();
        settings["NOTIFY_SOCKET"] = notify.Path;
        settings["WATCHDOG_USEC"] = (int.Parse(DeployFiles.UnitValue("WatchdogSec", Unit), CultureInfo.InvariantCulture) * 1_000_000L).ToString(CultureInfo.InvariantCulture);
        var execStart = DeployFiles.ExecStart(Unit);
        _notify[instance] = notify;
        _instances[instance] = await AppProcess.StartAsync(settings, TestContext.Current.CancellationToken, _root + execStart[1], workingDirectory: "/");
        await notify.WaitForAsync("READY=1", 1, TimeSpan.FromSeconds(90));
    }

    /// <summary><c>systemctl stop majster@N</c>: SIGTERM, then the wait for the process to end (within <c>TimeoutStopSec</c>).</summary>
    public async Task StopAsync(int instance)
    {
        var process = Instance(instance);
        await process.TerminateAsync();
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(30)), "The instance did not stop:\n" + process.Output);
        await process.DisposeAsync();
        await Notify(instance).DisposeAsync();
        _instances[instance] = null;
        _notify[instance] = null;
    }

    /// <summary>An upgrade's first step: the install script again, with the new release (here the same), which migrates.</summary>
    public Task<string> ReinstallAsync(CancellationToken ct) => InstallAsync(ct);

    private Task<string> InstallAsync(CancellationToken ct) => Tool.RunAsync(
        $"MAJSTER_SITE={Site} MAJSTER_ADMIN_EMAIL={AdminEmail} MAJSTER_APP='{_published}' MAJSTER_ROOT='{_root}' " +
        $"MAJSTER_USER={_user} MAJSTER_DB=office MAJSTER_RUNBOOK_URL={RunbookUrl} PGHOST=127.0.0.1 PGPORT={_cluster!.Port} PGUSER={EmbeddedPostgres.SuperUser} " +
        $"deploy/install.sh 2>&1",
        Repository.Root, ct);

    /// <summary>Every installed file but the app's: its path, mode and content's hash.</summary>
    private Dictionary<string, string> Snapshot() => Directory
        .EnumerateFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Where(path => !path.StartsWith(Path.Combine(_root, "opt"), StringComparison.Ordinal))
        .ToDictionary(
            path => path[_root.Length..],
            path => $"{File.GetUnixFileMode(path)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}");

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        for (var i = 0; i < Instances; i++)
        {
            if (_instances[i] is { } process)
            {
                await process.DisposeAsync();
            }

            if (_notify[i] is { } notify)
            {
                await notify.DisposeAsync();
            }
        }

        if (Smtp is not null)
        {
            await Smtp.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }

        await Tool.RunAsync($"id -u {_user} >/dev/null 2>&1 && userdel {_user} || true", "/", CancellationToken.None);
        foreach (var folder in new[] { _root, _root + "-pg" })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
