using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Admin.Api;
using Majster.Admin.Jobs;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Tests.Integration.Scheduling;

/// <summary>The whole app on the real clock: the waker sends on time, NOTIFY wakes it, the cron endpoint guards itself.</summary>
[Trait("Category", "Integration")]
public sealed class SchedulerAppTests(SchedulerAppTests.App app, PostgresCluster cluster) : IClassFixture<SchedulerAppTests.App>
{
    private const string CronSecret = "test-cron-secret-4f1c";

    public sealed class App(PostgresCluster cluster) : SmtpAppFixture(cluster)
    {
        protected override void Configure(MajsterAppFactory factory)
        {
            base.Configure(factory);
            factory
                // A cron that will not fire during the run: whatever is sent on time was sent by the waker.
                .WithSetting("Scheduler:Enabled", "true")
                .WithSetting("Scheduler:Cron", "0 0 1 1 *")
                .WithSetting("Scheduler:CronSecret", CronSecret);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateTimeOffset Now => app.Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    [Fact]
    public async Task Overview_ReadsTheNextCronRunAndTheLiveServers_FromHangfire()
    {
        var overview = app.Factory.Services.GetRequiredService<SchedulerOverview>();

        var snapshot = await Poll.UntilAsync(
            () => overview.GetAsync(Ct), s => s.ServersAlive >= 1 && s.NextCronRun is not null, TimeSpan.FromSeconds(20),
            "Hangfire's server and the recurring tick");

        Assert.Equal(new DateTimeOffset(Now.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero), snapshot.NextCronRun);
    }

    [Fact]
    public async Task Waker_SendsAScheduledOfferOnTime_NotEarlyAndNotAtTheNextCronTick()
    {
        var dueAt = Now.AddSeconds(2);
        var send = (await Seed.ScheduledSendsAsync(app.ConnectionString, Now, dueAt, 1, Ct)).Single();

        var row = await Poll.UntilAsync(() => LoadAsync(send.Id), s => s.Status == OfferSendStatus.Sent, TimeSpan.FromSeconds(20), "the send to go out");

        var lateness = row.ProcessedAt!.Value - dueAt;
        Assert.True(lateness >= TimeSpan.Zero, $"sent {-lateness.TotalMilliseconds} ms early");
        Assert.True(lateness < TimeSpan.FromSeconds(1), $"sent {lateness.TotalMilliseconds} ms late");
        var message = Assert.Single(app.Smtp.Accepted, m => m.MessageId == $"offer-send.{send.Id}@majster.local");
        Assert.Equal(send.Id.ToString(), message.Headers["X-Majster-Offer-Send-Id"]);
        Assert.Single(row.Attempts);
        // The outcome is written before it is logged: wait for the line rather than race it.
        var lines = await Poll.UntilAsync(
            () => Task.FromResult(app.Logs.GetSnapshot().Select(r => r.Message).ToList()),
            l => l.Contains($"[scheduler-worker] Successfully processed offer {send.Id}"),
            TimeSpan.FromSeconds(5),
            "the success line");
        Assert.Contains(lines, l => l.StartsWith("[scheduler-worker] Running scheduler tick at ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("[scheduler-worker] Found ", StringComparison.Ordinal) && l.EndsWith(" offers due for processing", StringComparison.Ordinal));
        Assert.Contains($"[scheduler-worker] Successfully processed offer {send.Id}", lines);
    }

    [Fact]
    public async Task Waker_SendsARowWrittenStraightIntoTheTable_WithinASecond()
    {
        var user = await Seed.UserAsync(app.ConnectionString, Now, Ct);
        var offer = await Seed.OfferAsync(app.ConnectionString, user.Id, Now, Ct);
        var id = Guid.NewGuid();

        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO offer_sends (id, offer_id, user_id, client_email, subject, status, scheduled_for, created_at, updated_at)
                VALUES (@id, @offer, @user, 'sql@example.com', 'Inserted by SQL', 'scheduled', now(), now(), now())
                """, connection);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("offer", offer.Id);
            insert.Parameters.AddWithValue("user", user.Id);
            await insert.ExecuteNonQueryAsync(Ct);
        }

        var row = await Poll.UntilAsync(() => LoadAsync(id), s => s.Status == OfferSendStatus.Sent, TimeSpan.FromSeconds(10), "the inserted row to be sent");

        var lateness = row.ProcessedAt!.Value - row.ScheduledFor!.Value;
        Assert.True(lateness < TimeSpan.FromSeconds(1), $"sent {lateness.TotalMilliseconds} ms after it was written");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret")]
    public async Task CronEndpoint_Answers401_WhenTheSecretIsMissingOrWrong(string? secret)
    {
        using var client = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler-worker");
        if (secret is not null)
        {
            request.Headers.Add(SchedulerWorkerApi.SecretHeader, secret);
        }

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/scheduler-worker")]
    [InlineData("/functions/v1/scheduler-worker")]
    public async Task CronEndpoint_RunsATickAndAnswersTheOriginalsFields_WhenTheSecretIsRight(string path)
    {
        using var client = app.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add(SchedulerWorkerApi.SecretHeader, CronSecret);

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(body.GetProperty("success").GetBoolean());
        foreach (var field in new[] { "processed", "failed", "skipped", "found", "retried", "markedFailed", "durationMs" })
        {
            Assert.Equal(JsonValueKind.Number, body.GetProperty(field).ValueKind);
        }

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", body.GetProperty("timestamp").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task CronEndpoint_Answers404_WhenNoSecretIsConfigured()
    {
        await using var factory = new MajsterAppFactory(await cluster.CreateDatabaseAsync(cancellationToken: Ct));
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler-worker");
        request.Headers.Add(SchedulerWorkerApi.SecretHeader, "anything");

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Scheduler:BatchSize", "0", "BatchSize")]
    [InlineData("Scheduler:BaseDelay", "-00:00:05", "BaseDelay")]
    [InlineData("Smtp:From", "not an address", "Smtp:From")]
    public async Task Startup_StopsWithAClearMessage_WhenASettingIsNonsense(string key, string value, string named)
    {
        await using var factory = new MajsterAppFactory(await cluster.CreateDatabaseAsync(cancellationToken: Ct)).WithSetting(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => factory.StartServer());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private async Task<OfferSend> LoadAsync(Guid id)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return await db.OfferSends.AsNoTracking().Include(s => s.Attempts).SingleAsync(s => s.Id == id, Ct);
    }
}
