using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Majster.Tests.Integration.Api;

/// <summary>The runbook's <c>POST /schedule-offer</c>: its request and answer literally, and every validation rule in order.</summary>
[Trait("Category", "Integration")]
public sealed class ScheduleOfferTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/schedule-offer")]
    [InlineData("/functions/v1/schedule-offer")]
    public async Task Schedule_AnswersTheRunbooksResponse_WithTheRowUnderItsColumnNames(string path)
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);

        var response = await staff.Client.PostAsync(path, ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00.000Z"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("Offer scheduled for 2026-01-03T10:00:00.000Z", body.GetProperty("message").GetString());
        var row = body.GetProperty("offerSend");
        string[] columns =
        [
            "id", "offer_id", "user_id", "client_email", "client_name", "subject", "message", "pdf_url", "status", "scheduled_for",
            "retry_count", "max_retries", "last_retry_at", "processed_at", "error_message", "created_at", "updated_at",
            "status_name", "waiting_for", "expected_at",
        ];
        Assert.Equal(columns.Order(), row.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(id, row.GetProperty("id").GetGuid());
        Assert.Equal(staff.Id, row.GetProperty("user_id").GetGuid());
        Assert.Equal("scheduled", row.GetProperty("status").GetString());
        Assert.Equal("2026-01-03T10:00:00.000Z", row.GetProperty("scheduled_for").GetString());
        Assert.Equal(0, row.GetProperty("retry_count").GetInt32());
        Assert.Equal(3, row.GetProperty("max_retries").GetInt32());

        var stored = await app.ReadSendAsync(id);
        Assert.Equal(OfferSendStatus.Scheduled, stored.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 10, 0, 0, TimeSpan.Zero), stored.ScheduledFor);
    }

    [Fact]
    public async Task Schedule_NormalisesAnOffsetToUtc()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);

        var response = await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00.000+01:00"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Offer scheduled for 2026-01-03T09:00:00.000Z", body.GetProperty("message").GetString());
        Assert.Equal("2026-01-03T09:00:00.000Z", body.GetProperty("offerSend").GetProperty("scheduled_for").GetString());
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 9, 0, 0, TimeSpan.Zero), (await app.ReadSendAsync(id)).ScheduledFor);
    }

    [Fact]
    public async Task Reschedule_ResetsTheRetryFields_AndIgnoresFieldsTheEndpointDoesNotTake()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-05T08:00:00Z" });
        await app.UpdateSendAsync(id, send =>
        {
            send.RetryCount = 2;
            send.LastRetryAt = ApiApp.Now.AddMinutes(-5);
        });

        var response = await staff.Client.PostAsync("/schedule-offer", ApiApp.Json($$"""
            {"offerSendId": "{{id}}", "scheduledFor": "2026-01-04T12:30:00Z",
             "status": "sent", "retryCount": 7, "retry_count": 7, "maxRetries": 99, "userId": "{{Guid.NewGuid()}}", "processedAt": "2026-01-01T00:00:00Z"}
            """), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.ReadSendAsync(id);
        Assert.Equal(OfferSendStatus.Scheduled, stored.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 4, 12, 30, 0, TimeSpan.Zero), stored.ScheduledFor);
        Assert.Equal(0, stored.RetryCount);
        Assert.Null(stored.LastRetryAt);
        Assert.Null(stored.ProcessedAt);
        Assert.Equal(3, stored.MaxRetries);
        Assert.Equal(staff.Id, stored.UserId);
        var last = (await app.ReadEventsAsync(id))[^1];
        Assert.Equal(OfferSendActions.Reschedule, last.Action);
        Assert.Equal(staff.Id.ToString(), last.Actor);
    }

    [Fact]
    public async Task Schedule_AnswersUnauthorized_WithoutACredentialOrWithAnUnknownToken()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        var before = await app.SnapshotAsync(id);
        var body = $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}""";

        using var anonymous = app.Anonymous();
        await Problems.AssertAsync(await anonymous.PostAsync("/schedule-offer", ApiApp.Json(body), Ct), HttpStatusCode.Unauthorized);
        using var forged = app.WithToken("mjt_not_a_real_token");
        await Problems.AssertAsync(await forged.PostAsync("/schedule-offer", ApiApp.Json(body), Ct), HttpStatusCode.Unauthorized);

        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    public static TheoryData<string, string> RefusedTimes => new()
    {
        { "2026-01-03T10:00:00", "no time-zone offset" },
        { "2026-01-03 10:00", "not an ISO 8601" },
        { "2026-01-02T10:00:00Z", "in the future" },
        { "2025-12-31T23:59:59Z", "in the future" },
        { "2027-01-02T10:00:01Z", "at most 365 days" },
        { "2026-02-30T10:00:00Z", "not a real date" },
    };

    [Theory]
    [MemberData(nameof(RefusedTimes))]
    public async Task Schedule_RefusesATime_ThatIsNaivePastOrTooFarAhead(string scheduledFor, string expected)
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        var before = await app.SnapshotAsync(id);

        var response = await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "{{scheduledFor}}"}"""), Ct);

        Assert.Contains(expected, await Problems.AssertAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task Schedule_AcceptsExactlyTheLongestAllowedHorizon()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);

        var response = await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2027-01-02T10:00:00Z"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Schedule_AnswersNotFound_ForAnotherStaffMembersRow_ButAdminMaySchedule()
    {
        var owner = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(owner);
        var before = await app.SnapshotAsync(id);
        var body = $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}""";

        await Problems.AssertAsync(await other.Client.PostAsync("/schedule-offer", ApiApp.Json(body), Ct), HttpStatusCode.NotFound);
        Assert.Equal(before, await app.SnapshotAsync(id));

        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/schedule-offer", ApiApp.Json(body), Ct)).StatusCode);
    }

    [Theory]
    [InlineData(OfferSendStatus.Sent)]
    [InlineData(OfferSendStatus.Failed)]
    public async Task Schedule_AnswersConflict_WhenTheSendIsSentOrFailed(OfferSendStatus status)
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        await app.UpdateSendAsync(id, send => send.Status = status);
        var before = await app.SnapshotAsync(id);

        var response = await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}"""), Ct);

        Assert.Equal(
            $"An offer send that is {status.ToText()} cannot be scheduled; it must be pending or scheduled.",
            await Problems.AssertAsync(response, HttpStatusCode.Conflict));
        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task Schedule_AnswersEveryRequestOfABurst_EightTimesLargerThanTheConnectionPool()
    {
        var pool = new NpgsqlConnectionStringBuilder(app.Factory.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize;
        Assert.Equal(MajsterCoreExtensions.DefaultMaxPoolSize(Environment.ProcessorCount), pool);
        var staff = await app.CreateUserAsync();
        List<Guid> ids = [];
        for (var i = 0; i < 8 * pool; i++)
        {
            ids.Add(await app.CreateSendAsync(staff));
        }

        // All at once: the requests beyond the pool wait for a connection instead of failing.
        var responses = await Task.WhenAll(ids.Select(id => staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}"""), Ct)));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        foreach (var id in ids)
        {
            Assert.Equal(OfferSendStatus.Scheduled, (await app.ReadSendAsync(id)).Status);
        }
    }

    [Fact]
    public async Task Schedule_AnswersConflict_WhileAWorkerHoldsTheLease_AndSucceedsOnceItExpired()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-02T10:05:00Z" });
        await app.UpdateSendAsync(id, send =>
        {
            send.LockedUntil = ApiApp.Now.AddSeconds(30);
            send.LockedBy = "worker-1";
        });
        var before = await app.SnapshotAsync(id);
        var body = $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}""";

        Assert.Equal(
            "The offer send is being processed right now; try again in a minute.",
            await Problems.AssertAsync(await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(body), Ct), HttpStatusCode.Conflict));
        Assert.Equal(before, await app.SnapshotAsync(id));

        await app.UpdateSendAsync(id, send => send.LockedUntil = ApiApp.Now);
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(body), Ct)).StatusCode);
    }

    [Fact]
    public async Task Schedule_AnswersBadRequest_WhenTheClientAddressIsInvalid()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        await app.UpdateSendAsync(id, send => send.ClientEmail = "not-an-address");
        var before = await app.SnapshotAsync(id);

        var response = await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}"""), Ct);

        Assert.Contains("clientEmail", await Problems.AssertAsync(response, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task Validation_FollowsItsOrder_TypesBeforeOffsetBeforeWindowBeforeOwnershipBeforeStatusBeforeAddress()
    {
        var owner = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(owner);
        await app.UpdateSendAsync(id, send =>
        {
            send.Status = OfferSendStatus.Sent;
            send.ClientEmail = "broken";
        });
        async Task<HttpStatusCode> Post(HttpClient client, string json) => (await client.PostAsync("/schedule-offer", ApiApp.Json(json), Ct)).StatusCode;

        Assert.Equal(HttpStatusCode.BadRequest, await Post(other.Client, $$"""{"offerSendId": 5, "scheduledFor": "2026-01-03T10:00:00"}"""));
        Assert.Contains("offset", await Problems.AssertAsync(
            await other.Client.PostAsync("/schedule-offer", ApiApp.Json($$"""{"offerSendId": "{{id}}", "scheduledFor": "2020-01-03T10:00:00"}"""), Ct),
            HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("future", await Problems.AssertAsync(
            await other.Client.PostAsync("/schedule-offer", ApiApp.Json($$"""{"offerSendId": "{{id}}", "scheduledFor": "2020-01-03T10:00:00Z"}"""), Ct),
            HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, await Post(other.Client, $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}"""));
        Assert.Equal(HttpStatusCode.Conflict, await Post(owner.Client, $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}"""));
    }
}
