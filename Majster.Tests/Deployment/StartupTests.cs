using Majster.Admin;
using Majster.Processes;
using Majster.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Majster.Tests.Deployment;

/// <summary>How the app starts where an operator starts it: its folder, its database, its address.</summary>
[Trait("Category", "Deployment")]
public sealed class StartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishedApp_StartedFromRoot_KeepsItsEmbeddedDatabaseInItsOwnFolder_AndStopsIt()
    {
        var dll = await PublishedApp.DllAsync();
        var relative = ".majster-" + Guid.NewGuid().ToString("N")[..8];
        var expected = Path.Combine(Path.GetDirectoryName(dll)!, relative);
        try
        {
            await using var app = await AppProcess.StartAsync(EmbeddedSettings(relative), Ct, dll, workingDirectory: "/");
            using var http = app.Client();
            Assert.Contains("\"status\":\"Healthy\"", await http.GetStringAsync("/health/ready", Ct), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(expected, "pgdata", "PG_VERSION")), app.Output);
            Assert.True(File.Exists(Path.Combine(expected, "pgdata", "postmaster.pid")), "The embedded server is not running.");

            await app.TerminateAsync();
            Assert.True(await app.WaitForExitAsync(TimeSpan.FromSeconds(60)), app.Output);
            Assert.False(File.Exists(Path.Combine(expected, "pgdata", "postmaster.pid")), "The embedded server outlived the app:\n" + app.Output);
        }
        finally
        {
            if (Directory.Exists(expected))
            {
                Directory.Delete(expected, recursive: true);
            }
        }
    }

    [Fact]
    public async Task EmbeddedDatabase_ThatCannotStart_StopsTheAppWithOneMessage()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            var folder = Path.Combine(blocker, "data");
            var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(EmbeddedSettings(folder), Ct));

            Assert.Contains("The embedded PostgreSQL server could not start, so the app stops.", failed.Message, StringComparison.Ordinal);
            Assert.Contains(folder, failed.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", failed.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Theory]
    [InlineData(new string[0], AppHostDefaults.Url)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:6101" }, "http://127.0.0.1:6101")]
    [InlineData(new[] { "--http_ports", "6102" }, null)]
    public void DefaultUrl_Is5080_UnlessTheCommandLineOrEnvironmentChoose(string[] args, string? expected)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });

        builder.UseDefaultUrl();

        Assert.Equal(expected, builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    private static Dictionary<string, string> EmbeddedSettings(string dataDirectory) => new(StringComparer.Ordinal)
    {
        ["ConnectionStrings__Majster"] = "",
        ["Database__DataDirectory"] = dataDirectory,
        ["Scheduler__Enabled"] = "false",
        ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };
}
