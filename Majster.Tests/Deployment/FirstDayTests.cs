using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Majster.Core.Email;
using Majster.Tests.Integration.Operations;
using Majster.Tests.Support;

namespace Majster.Tests.Deployment;

/// <summary>
/// The first day of <c>docs/operations.md</c> run as written (<see cref="InstalledSite"/>): install, sign in through
/// nginx, schedule through the API's chain, see the e-mail arrive; then an upgrade's rolling restart under API load.
/// </summary>
[Trait("Category", "Deployment")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FirstDayTests(InstalledSite site) : IClassFixture<InstalledSite>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void InstallScript_RunTwice_ChangesNothing_AndMigratesQuietly()
    {
        Assert.Contains($"Created the user", site.FirstRun, StringComparison.Ordinal);
        Assert.Contains("Created the database office", site.FirstRun, StringComparison.Ordinal);
        Assert.Contains("Applied ", site.FirstRun, StringComparison.Ordinal);
        Assert.Contains("The database is up to date", site.SecondRun, StringComparison.Ordinal);
        Assert.DoesNotContain("Created", site.SecondRun, StringComparison.Ordinal);
        foreach (var run in new[] { site.FirstRun, site.SecondRun })
        {
            Assert.DoesNotContain("fail:", run, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run, StringComparison.Ordinal);
        }

        Assert.Equal(site.InstalledFiles, site.FilesAfterSecondRun);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(site.EnvironmentFile));
        Assert.DoesNotContain("ASPNETCORE_URLS", site.Settings.Keys);
        Assert.DoesNotContain("Scheduler__InstanceName", site.Settings.Keys);
    }

    [Fact]
    public async Task InstallScript_WritesTheAlertRules_WithAbsoluteLinksIntoTheTeamsRunbook()
    {
        var rules = await File.ReadAllTextAsync(site.AlertRules, Ct);
        var links = rules.Split('\n').Where(line => line.Contains("runbook_url:", StringComparison.Ordinal)).ToList();

        Assert.Equal(File.ReadAllText(Path.Combine(AlertRulesTests.Folder, "alerts.yml")).Split("runbook_url:").Length - 1, links.Count);
        Assert.All(links, line => Assert.Contains($"runbook_url: \"{InstalledSite.RunbookUrl}#", line, StringComparison.Ordinal));
        Assert.Contains("SUCCESS", await Tool.RunAsync($"promtool check rules '{site.AlertRules}'", Repository.Root, Ct), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Repository.PathOf(Path.Combine("docs", "operations.md"))), await File.ReadAllTextAsync(site.Runbook, Ct));
    }

    [Fact]
    public async Task FirstDay_SignInThroughNginx_AndASendScheduledThroughTheApiChain_Arrives()
    {
        var password = site.Settings["Bootstrap__AdminPassword"];
        var cookies = await HttpSignIn.SignInAsync(site.ProxyAddress, InstalledSite.AdminEmail, password, Ct);
        Assert.Equal(HttpStatusCode.OK, await HttpSignIn.StatusAsync(site.ProxyAddress, "/offer-sends", cookies, Ct));
        Assert.Equal(HttpStatusCode.NotFound, await HttpSignIn.StatusAsync(site.ProxyAddress, "/metrics", null, Ct));

        using var api = ApiClient();
        var subject = "First day " + Guid.NewGuid().ToString("N")[..8];
        var sendId = await ApiChain.ScheduleAsync(api, subject, TimeSpan.FromSeconds(2));

        var arrived = await Poll.UntilAsync(
            () => Task.FromResult(site.Smtp.Accepted.Where(m => m.Subject == subject).ToList()), list => list.Count > 0, TimeSpan.FromSeconds(60), "the e-mail");
        var message = Assert.Single(arrived);
        Assert.Equal(sendId.ToString(), message.Headers[OfferEmailComposer.OfferSendIdHeader]);
    }

    [Fact]
    public async Task RollingRestart_UnderSteadyApiLoad_FailsNoRequest_AndSendsEachOnce()
    {
        var failures = new ConcurrentQueue<string>();
        var sends = new ConcurrentQueue<Guid>();
        var requests = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var clients = Enumerable.Range(0, 4).Select(client => Task.Run(async () =>
        {
            using var api = ApiClient();
            using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.6));
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var subject = $"Rolling {client} {Guid.NewGuid():N}";
                    var id = await ApiChain.ScheduleAsync(api, subject, TimeSpan.FromSeconds(10));
                    sends.Enqueue(id);
                    using var read = await api.GetAsync($"/api/offer-sends/{id}", CancellationToken.None);
                    Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failures.Enqueue(e.Message);
                }

                Interlocked.Add(ref requests, 4);
                await pace.WaitForNextTickAsync(CancellationToken.None);
            }
        })).ToList();

        // The upgrade of docs/operations.md: the new release installed (copied and migrated), then each instance
        // restarted in turn, the next one only once the previous said it is ready.
        await Poll.UntilAsync(() => Task.FromResult(sends.Count), count => count >= 8, TimeSpan.FromSeconds(60), "load before the upgrade");
        await site.ReinstallAsync(Ct);
        for (var i = 0; i < InstalledSite.Instances; i++)
        {
            await site.StopAsync(i);
            var before = sends.Count;
            await site.StartAsync(i);
            await Poll.UntilAsync(() => Task.FromResult(sends.Count), count => count >= before + 8, TimeSpan.FromSeconds(60), "load after the restart");
        }

        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests failed: {string.Join(" | ", failures.Take(5))}");
        var ids = sends.ToHashSet();
        var arrived = await Poll.UntilAsync(
            () => Task.FromResult(site.Smtp.Accepted.Select(m => Guid.Parse(m.Headers[OfferEmailComposer.OfferSendIdHeader] ?? "")).Where(ids.Contains).ToList()),
            list => list.Count >= ids.Count,
            TimeSpan.FromSeconds(120),
            $"all {ids.Count} sends to arrive");
        Assert.Equal(ids.Count, arrived.Distinct().Count());
        Assert.Equal(ids.Count, arrived.Count);
        Assert.InRange(requests, 100, 2000);
    }

    private HttpClient ApiClient()
    {
        var http = HttpSignIn.Client(site.ProxyAddress);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", site.Settings["Bootstrap__AdminApiToken"]);
        return http;
    }
}
