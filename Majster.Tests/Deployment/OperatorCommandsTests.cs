using System.Diagnostics;
using System.Net;
using Majster.Processes;
using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary>
/// The published app at an operator's shell: a configuration error, a forgotten password, instances started at once,
/// the systemd watchdog.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class OperatorCommandsTests(PostgresCluster cluster)
{
    private const string AdminEmail = "admin@commands.test";
    private const string AdminPassword = "Commands-admin-password-1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Production_WithoutAConnectionString_ExitsWith1_AndOneLineNamingIt()
    {
        var (code, output) = await RunAsync(new() { ["ConnectionStrings__Majster"] = "", ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(1, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ConnectionStrings:Majster", line, StringComparison.Ordinal);
        Assert.Contains("Database:Embedded=true", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bootstrap__AdminPassword", "change-me", "Bootstrap:AdminPassword must have at least 10 characters")]
    [InlineData("Scheduler__LockTtl", "-00:00:05", "LockTtl")]
    public async Task ABadSetting_ExitsWith1_AndOneLineNamingIt(string key, string value, string expected)
    {
        var settings = await ProductionAsync();
        settings[key] = value;

        var (code, output) = await RunAsync(settings);

        Assert.Equal(1, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => !l.StartsWith("info:", StringComparison.Ordinal) && !l.StartsWith(' '));
        Assert.StartsWith("Majster Admin stopped: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetPassword_PrintsANewPassword_ThatSignsIn_AndTheOldOneNoLonger()
    {
        var settings = await ProductionAsync();
        await using (var first = await AppProcess.StartAsync(settings, Ct, await PublishedApp.DllAsync()))
        {
            await first.WaitUntilReadyAsync(Ct);
        }

        var (code, output) = await RunAsync(settings, "reset-password", AdminEmail);

        Assert.Equal(0, code);
        var password = output.Split('\n').Single(l => l.StartsWith($"New password for {AdminEmail}: ", StringComparison.Ordinal)).Split(": ")[1].Trim();
        await using var app = await AppProcess.StartAsync(settings, Ct, await PublishedApp.DllAsync());
        var form = await HttpSignIn.FormAsync(app.BaseAddress, Ct);
        using (var refused = await HttpSignIn.PostAsync(app.BaseAddress, form, AdminEmail, AdminPassword, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }

        await HttpSignIn.SignInAsync(app.BaseAddress, AdminEmail, password, Ct);
        var (unknown, message) = await RunAsync(settings, "reset-password", "nobody@commands.test");
        Assert.Equal(1, unknown);
        Assert.Contains("Majster Admin stopped: No account has the e-mail address nobody@commands.test.", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstances_StartedTogetherOnAnEmptyDatabase_BothServe_AndLogNoError()
    {
        var settings = await ProductionAsync();
        var dll = await PublishedApp.DllAsync();

        var started = await Task.WhenAll(AppProcess.StartAsync(settings, Ct, dll), AppProcess.StartAsync(settings, Ct, dll));
        try
        {
            foreach (var app in started)
            {
                await app.WaitUntilReadyAsync(Ct);
                var log = await File.ReadAllTextAsync(app.LogPath, Ct);
                Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
                Assert.DoesNotContain("crit:", log, StringComparison.Ordinal);
                Assert.DoesNotContain("XX000", log, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var app in started)
            {
                await app.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Watchdog_IsPingedWhileTheProcessRuns_AndNoLongerOnceItIsStopped()
    {
        var watchdog = TimeSpan.FromSeconds(2);
        await using var notify = new NotifySocket();
        var settings = await ProductionAsync();
        settings["Scheduler__Enabled"] = "true";
        settings["NOTIFY_SOCKET"] = notify.Path;
        settings["WATCHDOG_USEC"] = ((long)watchdog.TotalMicroseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var app = await AppProcess.StartAsync(settings, Ct, await PublishedApp.DllAsync());

        await notify.WaitForAsync("READY=1", 1, TimeSpan.FromSeconds(60));
        await notify.WaitForAsync("WATCHDOG=1", 3, TimeSpan.FromSeconds(30));
        Signal("STOP", app.ProcessId);
        try
        {
            // What systemd sees: the pings stop, and after WatchdogSec it kills the process (WatchdogSignal=SIGKILL).
            // A running process pings every second; stopped, it stays silent past WatchdogSec.
            await Poll.UntilAsync(() => Task.FromResult(notify.SinceLast("WATCHDOG=1")), since => since > 2 * watchdog, TimeSpan.FromSeconds(30), "the pings to stop");
        }
        finally
        {
            Signal("CONT", app.ProcessId);
        }

        await notify.WaitForAsync("WATCHDOG=1", notify.Count("WATCHDOG=1") + 1, TimeSpan.FromSeconds(30));
    }

    private async Task<Dictionary<string, string>> ProductionAsync() => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__Majster"] = await cluster.CreateDatabaseAsync(migrated: false, Ct),
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["Smtp__Host"] = "",
        ["Scheduler__Enabled"] = "false",
        ["Bootstrap__AdminEmail"] = AdminEmail,
        ["Bootstrap__AdminPassword"] = AdminPassword,
    };

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The published app with <paramref name="settings"/> and <paramref name="args"/>, to its end: exit code and output.</summary>
    private static async Task<(int Code, string Output)> RunAsync(Dictionary<string, string> settings, params string[] args)
    {
        var result = await PublishedCommand.RunAsync(settings, Ct, args);
        return (result.Code, result.Output + result.Errors);
    }
}
