using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core;
using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary>
/// <c>deploy/prometheus/prometheus.yml</c> as an operator uses it: Debian's Prometheus, with the shipped scrape job
/// pointed at the app on a loopback port and the scrape token in its <c>credentials_file</c>, scrapes <c>/metrics</c>
/// (the target is up), and the same job with a wrong token is refused (the target is down with a 401).
/// </summary>
[Trait("Category", "Deployment")]
public sealed class PrometheusScrapeTests(PostgresCluster cluster)
{
    private const string ScrapeToken = "prometheus-scrape-test-token-8d2e";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ScrapeToken, "up", "")]
    [InlineData("not-the-token", "down", "401")]
    public async Task TheShippedScrapeConfig_ScrapesWithTheToken_AndIsRefusedWithAnother(string token, string health, string error)
    {
        var appPort = LoopbackPorts.Free();
        await using var app = new MajsterAppFactory(await cluster.CreateDatabaseAsync(cancellationToken: Ct)).WithSetting("Metrics:ScrapeToken", ScrapeToken);
        app.UseKestrel(appPort);
        app.StartServer();
        var folder = Directory.CreateTempSubdirectory("majster-prometheus-").FullName;
        try
        {
            var config = ShippedConfig(folder, token, appPort);
            await Tool.RunAsync($"promtool check config {config}", folder, Ct);
            var prometheusPort = LoopbackPorts.Free();
            using var prometheus = Process.Start(new ProcessStartInfo("prometheus")
            {
                ArgumentList = { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{prometheusPort}" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{prometheusPort}") };
                // The first scrapes may time out while the app warms up on a busy machine: wait for the outcome that stays.
                var target = await Poll.UntilAsync(
                    () => TargetAsync(client),
                    found => found is { } t && t.Health == health && t.LastError.Contains(error, StringComparison.Ordinal),
                    TimeSpan.FromSeconds(60),
                    $"the app's target to be {health}");

                Assert.Equal(health, target!.Value.Health);
            }
            finally
            {
                prometheus.Kill(entireProcessTree: true);
                await prometheus.WaitForExitAsync(Ct);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The shipped file with its paths and target moved to this run's, a scrape every 2 s, and the token in its file.</summary>
    private static string ShippedConfig(string folder, string token, int appPort)
    {
        var tokenFile = Path.Combine(folder, "majster-scrape-token");
        File.WriteAllText(tokenFile, token);
        File.Copy(Repository.PathOf("deploy/prometheus/alerts.yml"), Path.Combine(folder, "majster-alerts.yml"));
        var shipped = File.ReadAllText(Repository.PathOf("deploy/prometheus/prometheus.yml"));
        var config = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(config, shipped
            .Replace("/etc/prometheus/majster-scrape-token", tokenFile, StringComparison.Ordinal)
            .Replace("/etc/prometheus/majster-alerts.yml", Path.Combine(folder, "majster-alerts.yml"), StringComparison.Ordinal)
            .Replace("127.0.0.1:5080", $"127.0.0.1:{appPort}", StringComparison.Ordinal)
            .Replace("scrape_interval: 15s", "scrape_interval: 2s", StringComparison.Ordinal));
        return config;
    }

    private static async Task<(string Health, string LastError)?> TargetAsync(HttpClient prometheus)
    {
        try
        {
            var answer = await prometheus.GetFromJsonAsync<JsonElement>("/api/v1/targets", Ct);
            var targets = answer.GetProperty("data").GetProperty("activeTargets");
            return targets.GetArrayLength() == 0
                ? null
                : (targets[0].GetProperty("health").GetString()!, targets[0].GetProperty("lastError").GetString()!);
        }
        catch (HttpRequestException)
        {
            // Prometheus is still starting.
            return null;
        }
    }
}
