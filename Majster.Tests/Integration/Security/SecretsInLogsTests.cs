using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Admin.Api;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Security;

/// <summary>
/// A run that uses every secret (SMTP password, cron secret, bootstrap and issued API tokens, a new user's password),
/// right and wrong, with every log category at Debug: no secret appears in a log line, an exception or an error body.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SecretsInLogsTests(SecretsInLogsTests.App app) : IClassFixture<SecretsInLogsTests.App>
{
    private const string SmtpPassword = "smtp-pass-Qx81-secret";
    private const string CronSecret = "cron-secret-Lm42-secret";
    private const string UserPassword = "User-password-Zr93-secret";

    public sealed class App(PostgresCluster cluster) : SmtpAppFixture(cluster)
    {
        protected override void Configure(MajsterAppFactory factory)
        {
            base.Configure(factory);
            factory
                .WithSetting("Smtp:User", "majster")
                .WithSetting("Smtp:Password", SmtpPassword)
                .WithSetting("Scheduler:CronSecret", CronSecret);
            foreach (var category in new[] { "Default", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Hangfire", "Npgsql" })
            {
                factory.WithSetting($"Logging:LogLevel:{category}", "Debug");
            }
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoSecret_AppearsInALogLineOrAnErrorBody()
    {
        List<string> bodies = [];
        using var admin = app.Factory.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MajsterAppFactory.AdminApiToken);

        var email = $"secret-{Guid.NewGuid():N}@tests.local";
        using var created = await admin.PostAsJsonAsync("/api/users", new { email, password = UserPassword, role = "Staff" }, Ct);
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/users", Ct)).EnumerateArray()
            .Single(u => u.GetProperty("email").GetString() == MajsterAppFactory.AdminEmail).GetProperty("id").GetGuid();
        using var adminSession = await TestCookies.SessionAsync(app.Factory, adminId);
        using var issued = await adminSession.PostAsJsonAsync($"/api/users/{userId}/tokens", new { name = "leak-test" }, Ct);
        var issuedToken = (await issued.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString()!;
        using var weak = await admin.PostAsJsonAsync("/api/users", new { email = "weak@tests.local", password = "short1", role = "Staff" }, Ct);
        bodies.Add(await weak.Content.ReadAsStringAsync(Ct));

        using var staff = app.Factory.CreateClient();
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuedToken);
        bodies.Add(await (await staff.GetAsync("/api/offer-sends", Ct)).Content.ReadAsStringAsync(Ct));
        bodies.Add(await (await staff.PostAsJsonAsync("/api/users", new { email = "x@tests.local", password = UserPassword }, Ct)).Content.ReadAsStringAsync(Ct));
        using var wrongToken = app.Factory.CreateClient();
        wrongToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issuedToken + "x");
        bodies.Add(await (await wrongToken.GetAsync("/api/offer-sends", Ct)).Content.ReadAsStringAsync(Ct));

        // A due send makes the engine log in to SMTP with the password (the test server refuses AUTH: a logged failure).
        await Seed.ScheduledSendsAsync(app.ConnectionString, TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow(), 1, Ct);
        foreach (var secret in new[] { CronSecret, CronSecret + "-wrong", "" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler-worker");
            request.Headers.Add(SchedulerWorkerApi.SecretHeader, secret);
            using var response = await app.Factory.CreateClient().SendAsync(request, Ct);
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
        }

        var logged = app.Logs.GetSnapshot().Select(r => $"{r.Category} {r.Message} {r.Exception}").ToList();
        Assert.Contains(logged, line => line.Contains("SMTP", StringComparison.OrdinalIgnoreCase) || line.Contains("authentication", StringComparison.OrdinalIgnoreCase));
        foreach (var secret in new[] { SmtpPassword, CronSecret, UserPassword, "short1", MajsterAppFactory.AdminApiToken, MajsterAppFactory.AdminPassword, issuedToken })
        {
            Assert.DoesNotContain(logged, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(bodies, body => body.Contains(secret, StringComparison.Ordinal));
        }
    }
}
