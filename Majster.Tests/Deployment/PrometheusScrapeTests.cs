using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core;
using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary>
/// <c>deploy/prometheus/prometheus.yml</c> as an operator uses it: Debian's Prometheus, with the shipped scrape job's
/// two targets pointed at two instances of the app on one database and the scrape token in its <c>credentials_file</c>,
/// scrapes both instances' <c>/metrics</c> (both targets are up), and the same job with a wrong token is refused (both
/// are down with a 401).
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
        var database = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        var ports = new[] { LoopbackPorts.Free(), LoopbackPorts.Free() };
        await using var first = new MajsterAppFactory(database).WithSetting("Metrics:ScrapeToken", ScrapeToken);
        first.UseKestrel(ports[0]);
        first.StartServer();
        await using var second = new MajsterAppFactory(database).WithSetting("Metrics:ScrapeToken", ScrapeToken);
        second.UseKestrel(ports[1]);
        second.StartServer();
        var folder = Directory.CreateTempSubdirectory("majster-prometheus-").FullName;
        try
        {
            var config = ShippedConfig(folder, token, ports);
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
                var targets = await Poll.UntilAsync(
                    () => TargetsAsync(client),
                    found => found.Count == 2 && found.All(t => t.Health == health && t.LastError.Contains(error, StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(60),
                    $"both instances' targets to be {health}");

                Assert.Equal(ports.Select(port => $"127.0.0.1:{port}").Order(), targets.Select(t => t.Instance).Order());
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
    private static string ShippedConfig(string folder, string token, int[] ports)
    {
        var tokenFile = Path.Combine(folder, "majster-scrape-token");
        File.WriteAllText(tokenFile, token);
        File.Copy(Repository.PathOf("deploy/prometheus/alerts.yml"), Path.Combine(folder, "majster-alerts.yml"));
        var shipped = File.ReadAllText(Repository.PathOf("deploy/prometheus/prometheus.yml"));
        var config = Path.Combine(folder, "prometheus.yml");
        File.WriteAllText(config, shipped
            .Replace("/etc/prometheus/majster-scrape-token", tokenFile, StringComparison.Ordinal)
            .Replace("/etc/prometheus/majster-alerts.yml", Path.Combine(folder, "majster-alerts.yml"), StringComparison.Ordinal)
            .Replace("127.0.0.1:5080", $"127.0.0.1:{ports[0]}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5081", $"127.0.0.1:{ports[1]}", StringComparison.Ordinal)
            .Replace("scrape_interval: 15s", "scrape_interval: 2s", StringComparison.Ordinal));
        return config;
    }

    private static async Task<List<(string Instance, string Health, string LastError)>> TargetsAsync(HttpClient prometheus)
    {
        try
        {
            var answer = await prometheus.GetFromJsonAsync<JsonElement>("/api/v1/targets", Ct);
            return [.. answer.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(target => (
                target.GetProperty("labels").GetProperty("instance").GetString()!,
                target.GetProperty("health").GetString()!,
                target.GetProperty("lastError").GetString()!))];
        }
        catch (HttpRequestException)
        {
            // Prometheus is still starting.
            return [];
        }
    }
}
