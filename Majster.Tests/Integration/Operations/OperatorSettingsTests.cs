using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Majster.Admin.Api;
using Majster.Tests.Support;
using Npgsql;

namespace Majster.Tests.Integration.Operations;

/// <summary>
/// What an operator changes in the env file and reads from the app: the bootstrap token rotated, the cron secret
/// rotated, readiness while the mail server or the database is away.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OperatorSettingsTests(PostgresCluster cluster)
{
    private const string NewToken = "mjt_rotated_bootstrap_token_9876543210fedcba";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BootstrapToken_ChangedInTheSettings_ReplacesTheOldOne_WhichIsRefused()
    {
        var database = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        await using (var first = new MajsterAppFactory(database))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(first, MajsterAppFactory.AdminApiToken));
        }

        await using var rotated = new MajsterAppFactory(database).WithSetting("Bootstrap:AdminApiToken", NewToken);

        Assert.Equal(HttpStatusCode.OK, await StatusWithTokenAsync(rotated, NewToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithTokenAsync(rotated, MajsterAppFactory.AdminApiToken));
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(Ct);
        await using var live = new NpgsqlCommand("SELECT count(*) FROM api_tokens WHERE name = 'bootstrap' AND revoked_at IS NULL", connection);
        Assert.Equal(1L, await live.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task CronSecret_BeingRotated_BothTheNewAndThePreviousAreAccepted_NothingElse()
    {
        await using var app = new MajsterAppFactory(await cluster.CreateDatabaseAsync(cancellationToken: Ct))
            .WithSetting("Scheduler:CronSecret", "cron-secret-new-2c9d")
            .WithSetting("Scheduler:PreviousCronSecret", "cron-secret-old-71aa");
        using var http = app.CreateClient();

        var answers = new List<HttpStatusCode>();
        foreach (var secret in new[] { "cron-secret-new-2c9d", "cron-secret-old-71aa", "cron-secret-other", "" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler-worker");
            request.Headers.Add(SchedulerWorkerApi.SecretHeader, secret);
            using var response = await http.SendAsync(request, Ct);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], answers);
    }

    [Fact]
    public async Task Readiness_WithTheMailServerDown_Is200Degraded_AndNamesEachCheckInJson()
    {
        await using var app = new MajsterAppFactory(await cluster.CreateDatabaseAsync(cancellationToken: Ct))
            .WithSetting("Smtp:Host", "127.0.0.1")
            .WithSetting("Smtp:Port", Majster.Core.LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = app.CreateClient();

        using var response = await http.GetAsync("/health/ready", Ct);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("smtp").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task Readiness_WithTheDatabaseGone_Is503_AndSaysWhichCheck()
    {
        var database = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        await using var app = new MajsterAppFactory(database);
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready", Ct)).StatusCode);

        var name = new NpgsqlConnectionStringBuilder(database).Database;
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }

        using var response = await http.GetAsync("/health/ready", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.DoesNotContain("Password", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live", Ct)).StatusCode);
    }

    private static async Task<HttpStatusCode> StatusWithTokenAsync(MajsterAppFactory app, string token)
    {
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.GetAsync("/api/tokens", Ct);
        return response.StatusCode;
    }
}
