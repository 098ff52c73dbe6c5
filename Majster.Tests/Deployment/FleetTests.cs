using System.Collections.Concurrent;
using System.Net;
using Majster.Core.Offers;
using Majster.Tests.Browser.Pages;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Majster.Tests.Deployment;

/// <summary>
/// The published app where operators put it: started from <c>/</c> by the shipped unit, two instances on one database
/// behind the shipped nginx site, used through Chromium and plain HTTP.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class FleetTests(FleetFixture fleet) : IClassFixture<FleetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishedApp_StartedFromRoot_ServesItsStylesScriptsAndIcon_FingerprintedForCaching()
    {
        await fleet.EnsureRunningAsync();
        using var http = HttpSignIn.Client(fleet.InstanceAddress(0));
        var login = await http.GetStringAsync("/account/login", Ct);

        foreach (var (pattern, type) in new[]
        {
            ("_content/MudBlazor/MudBlazor\\.min\\.\\w+\\.css", "text/css"),
            ("app\\.\\w+\\.css", "text/css"),
            ("_framework/blazor\\.web\\.\\w+\\.js", "text/javascript"),
            ("_content/MudBlazor/MudBlazor\\.min\\.\\w+\\.js", "text/javascript"),
        })
        {
            var linked = System.Text.RegularExpressions.Regex.Match(login, $"(?:href|src)=\"({pattern})\"");
            Assert.True(linked.Success, $"The sign-in page links nothing like {pattern}:\n{login}");
            using var response = await http.GetAsync("/" + linked.Groups[1].Value, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync(Ct));
        }

        using var icon = await http.GetAsync("/favicon.ico", Ct);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await icon.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task ThroughNginx_SignedInPageStaysLive_WhenItsInstanceStops_AndAScheduledSendGoesOutOnce()
    {
        await fleet.EnsureRunningAsync();
        var now = TimeProvider.System.GetUtcNow();
        var subject = "Fleet " + Guid.NewGuid().ToString("N")[..8];
        var send = (await Seed.ScheduledSendsAsync(fleet.ConnectionString, now, now.AddSeconds(15), 1, Ct, subject: subject)).Single();

        var page = await fleet.NewPageAsync();
        var sockets = new ConcurrentQueue<string>();
        page.WebSocket += (_, socket) => sockets.Enqueue(socket.Url);
        var login = new LoginPage(page);
        await login.GotoAsync();
        Assert.True(await MudBlazorStylesAppliedAsync(page), "MudBlazor's stylesheet did not load on the sign-in page.");
        await login.SignInAsync(FleetFixture.AdminEmail, FleetFixture.AdminPassword);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.WaitForInteractiveAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        var grid = new OfferSendsPage(page);
        await grid.GotoAsync();
        await Assertions.Expect(grid.Row(send.Subject)).ToBeVisibleAsync();
        Assert.Contains(sockets, url => url.StartsWith("wss://", StringComparison.Ordinal) && url.Contains("/_blazor", StringComparison.Ordinal));

        var holder = fleet.InstanceAt(LastCircuitUpstream());
        await fleet.StopAsync(holder);

        // Blazor's own reconnect may reload the page at the same moment, aborting this load: it is tried again until
        // one completes.
        await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    await grid.GotoAsync();
                    return "loaded";
                }
                catch (PlaywrightException aborted)
                {
                    return aborted.Message;
                }
            },
            outcome => outcome == "loaded",
            TimeSpan.FromSeconds(60),
            "the grid to load again through nginx");
        Assert.DoesNotContain("/account/login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(grid.Row(send.Subject)).ToBeVisibleAsync();
        Assert.Equal(1 - holder, fleet.InstanceAt(LastCircuitUpstream()));

        await Assertions.Expect(grid.Row(send.Subject)).ToContainTextAsync("Sent", new() { Timeout = 60_000 });
        await using var db = Database.CreateContext(fleet.ConnectionString);
        var attempts = await db.OfferSendAttempts.CountAsync(a => a.OfferSendId == send.Id, Ct);
        Assert.Equal(1, attempts);
        Assert.Single(fleet.Smtp.Accepted, message => message.Subject == send.Subject);
    }

    [Fact]
    public async Task ACookieIssuedByOneInstance_IsAcceptedByTheOther_AndAfterTheFirstRestarts()
    {
        await fleet.EnsureRunningAsync();
        var cookies = await HttpSignIn.SignInAsync(fleet.InstanceAddress(0), FleetFixture.AdminEmail, FleetFixture.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.Redirect, await HttpSignIn.StatusAsync(fleet.InstanceAddress(1), "/offer-sends", cookies: null, Ct));
        Assert.Equal(HttpStatusCode.OK, await HttpSignIn.StatusAsync(fleet.InstanceAddress(1), "/offer-sends", cookies, Ct));

        await fleet.StopAsync(0);
        await fleet.EnsureRunningAsync();
        Assert.Equal(HttpStatusCode.OK, await HttpSignIn.StatusAsync(fleet.InstanceAddress(0), "/offer-sends", cookies, Ct));
    }

    [Fact]
    public async Task AFormFromOneInstance_IsAcceptedByTheOther()
    {
        await fleet.EnsureRunningAsync();
        var form = await HttpSignIn.FormAsync(fleet.InstanceAddress(0), Ct);

        using var response = await HttpSignIn.PostAsync(fleet.InstanceAddress(1), form, FleetFixture.AdminEmail, FleetFixture.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(".AspNetCore.Identity.Application", HttpSignIn.Cookies(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHttps_GetsHstsAndSecureCookies_OnlyWhenTheSwitchIsOn()
    {
        await fleet.EnsureRunningAsync();

        // Through nginx, which ends TLS and forwards the scheme: the instance (switch on) sees https.
        using (var viaProxy = await LoginPageAsync(fleet.ProxyAddress, forwardedProto: null))
        {
            Assert.True(viaProxy.Headers.Contains("Strict-Transport-Security"), "No HSTS through the proxy.");
            Assert.All(SetCookies(viaProxy), cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        }

        // The same forwarded request straight to an instance started without the switch: the header is ignored.
        var settings = fleet.Settings(0);
        Assert.Equal("true", settings["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
        settings.Remove("ASPNETCORE_FORWARDEDHEADERS_ENABLED");
        settings["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        settings["Scheduler__Enabled"] = "false";
        await using var plain = await fleet.StartProcessAsync(settings);
        using var ignored = await LoginPageAsync(plain.BaseAddress, forwardedProto: "https");
        Assert.False(ignored.Headers.Contains("Strict-Transport-Security"), "HSTS from a forwarded header the instance should not trust.");
        Assert.All(SetCookies(ignored), cookie => Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ThroughNginx_ThirtyParallelWrongSignInsFromOneAddress_GetTenAnswers_ForTheFleet_AndTheRest429()
    {
        await fleet.EnsureRunningAsync();
        // Addresses of this test's own (loopback is all of 127.0.0.0/8), so that no other test's sign-ins count with them.
        using var attacker = HttpSignIn.ClientFrom(IPAddress.Parse("127.0.0.2"), fleet.ProxyAddress);
        using var colleague = HttpSignIn.ClientFrom(IPAddress.Parse("127.0.0.3"), fleet.ProxyAddress);
        // An attacker does not keep nginx's route cookie, which would hold them to one instance.
        var page = await HttpSignIn.FormAsync(attacker, Ct);
        var form = (string.Join("; ", page.Cookies.Split("; ").Where(cookie => !cookie.StartsWith("majster_route=", StringComparison.Ordinal))), page.Token);
        var loggedBefore = fleet.Proxy.AccessLog().Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(async attempt =>
        {
            using var response = await HttpSignIn.PostAsync(attacker, form, $"nobody-{attempt}@fleet.test", "Wrong-password-123", Ct);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        }));
        using var signedIn = await HttpSignIn.PostAsync(colleague, await HttpSignIn.FormAsync(colleague, Ct), FleetFixture.AdminEmail, FleetFixture.AdminPassword, Ct);

        var upstreams = fleet.Proxy.AccessLog().Skip(loggedBefore).Where(line => line.StartsWith("POST /account/login 429 ", StringComparison.Ordinal)
            || line.StartsWith("POST /account/login 200 ", StringComparison.Ordinal)).Select(line => line.Split(' ')[^1]).Distinct().ToList();
        var throttled = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.OK) == 10, $"answered: {string.Join(", ", answers.Select(a => (int)a.StatusCode))}; upstreams: {string.Join(", ", upstreams)}");
        Assert.Equal(20, throttled.Count);
        Assert.All(throttled, a => Assert.InRange(a.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task ThroughNginx_MetricsIsRefusedByNginx_InEverySpellingTheAppWouldServe_EvenWithTheScrapeToken()
    {
        await fleet.EnsureRunningAsync();
        using var direct = HttpSignIn.Client(fleet.InstanceAddress(0));
        using var proxy = HttpSignIn.Client(fleet.ProxyAddress);
        foreach (var client in new[] { direct, proxy })
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FleetFixture.ScrapeToken);
        }

        // The app itself serves these to the token (its routes ignore case and a trailing slash).
        foreach (var path in new[] { "/metrics", "/metrics/", "/METRICS", "/Metrics/" })
        {
            using var served = await direct.GetAsync(path, Ct);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"The app answered {path} with {(int)served.StatusCode}.");
        }

        foreach (var path in new[] { "/metrics", "/metrics/", "/METRICS", "/Metrics/", "//metrics", "/metrics/x", "/%6Detrics", "/metrics?format=text" })
        {
            // An absolute address, or "//metrics" would name a host.
            using var refused = await proxy.GetAsync(new Uri(fleet.ProxyAddress.GetLeftPart(UriPartial.Authority) + path), Ct);
            var sent = refused.RequestMessage!.RequestUri!.PathAndQuery;
            var logged = await Poll.UntilAsync(
                () => Task.FromResult(fleet.Proxy.AccessLog().LastOrDefault(line => line.StartsWith($"GET {sent} ", StringComparison.Ordinal))),
                line => line is not null, TimeSpan.FromSeconds(10), $"nginx to log GET {sent}");

            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            // No upstream: nginx answered itself.
            Assert.Equal($"GET {sent} 404 -", logged);
        }
    }

    /// <summary>The sign-in page under a public host name (HSTS is never sent for loopback names).</summary>
    private static async Task<HttpResponseMessage> LoginPageAsync(Uri address, string? forwardedProto)
    {
        using var http = HttpSignIn.Client(address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Host = "majster.test";
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(SetCookies(response));
        return response;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    /// <summary>The upstream that served the newest circuit request nginx logged (the last one it tried).</summary>
    private string LastCircuitUpstream() =>
        fleet.Proxy.AccessLog().Last(line => line.Contains("/_blazor", StringComparison.Ordinal)).Split(' ')[^1].Split(',')[^1].Trim();

    /// <summary>MudBlazor's stylesheet parsed with its rules (an empty answer would leave none).</summary>
    private static Task<bool> MudBlazorStylesAppliedAsync(IPage page) => page.EvaluateAsync<bool>("""
        () => [...document.styleSheets].some(sheet => /MudBlazor\.min\.\w+\.css$/.test(sheet.href ?? '') && sheet.cssRules.length > 100)
        """);
}
