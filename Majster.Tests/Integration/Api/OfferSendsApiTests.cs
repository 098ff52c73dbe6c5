using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Offers;

namespace Majster.Tests.Integration.Api;

/// <summary><c>/api/offers</c> and <c>/api/offer-sends</c>: create, list, detail, the people's transitions and the audit trail.</summary>
[Trait("Category", "Integration")]
public sealed class OfferSendsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_DefaultsTheClientFromTheOffer_AndAnswersCamelCaseWithUtcInstants()
    {
        var staff = await app.CreateUserAsync();
        var offerId = await app.CreateOfferAsync(staff, "jan@example.com", language: "en");

        var response = await staff.Client.PostAsJsonAsync("/api/offer-sends", new { offerId, message = "Hello\nSee attached.", pdfUrl = "https://files.example.com/o.pdf" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal($"/api/offer-sends/{body.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        Assert.Equal("jan@example.com", body.GetProperty("clientEmail").GetString());
        Assert.Equal("Jan Kowalski", body.GetProperty("clientName").GetString());
        Assert.Equal("Offer: Kitchen renovation", body.GetProperty("subject").GetString());
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("scheduledFor").ValueKind);
        Assert.Equal("2026-01-02T10:00:00.000Z", body.GetProperty("createdAt").GetString());
        Assert.Equal(offerId, body.GetProperty("offerId").GetGuid());
        Assert.Equal(staff.Id, body.GetProperty("userId").GetGuid());
        Assert.Equal(3, body.GetProperty("maxRetries").GetInt32());
    }

    [Fact]
    public async Task Create_WithAnOffsetTime_SchedulesAtTheUtcInstant()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-03T10:00:00.000+01:00" });

        var stored = await app.ReadSendAsync(id);

        Assert.Equal(OfferSendStatus.Scheduled, stored.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 9, 0, 0, TimeSpan.Zero), stored.ScheduledFor);
        Assert.Equal(TimeSpan.Zero, stored.ScheduledFor!.Value.Offset);
    }

    [Fact]
    public async Task List_ShowsOnlyTheCallersRows_FiltersAndPages()
    {
        var owner = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        var first = await app.CreateSendAsync(owner, new { subject = "Roof 100% done_now" });
        var second = await app.CreateSendAsync(owner, new { scheduledFor = "2026-01-10T10:00:00Z" });
        var foreign = await app.CreateSendAsync(other);

        var all = await owner.Client.GetFromJsonAsync<JsonElement>("/api/offer-sends?pageSize=1&page=1", Ct);
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal(1, all.GetProperty("items").GetArrayLength());
        var scheduled = await owner.Client.GetFromJsonAsync<JsonElement>("/api/offer-sends?status=scheduled", Ct);
        Assert.Equal([second], scheduled.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var searched = await owner.Client.GetFromJsonAsync<JsonElement>("/api/offer-sends?q=100%25%20done_", Ct);
        Assert.Equal([first], searched.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var theirs = await other.Client.GetFromJsonAsync<JsonElement>("/api/offer-sends", Ct);
        Assert.Equal([foreign], theirs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

        await Problems.AssertAsync(await other.Client.GetAsync($"/api/offer-sends/{first}", Ct), HttpStatusCode.NotFound);
        var offers = await other.Client.GetFromJsonAsync<JsonElement>("/api/offers", Ct);
        Assert.Equal(1, offers.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AuditTrail_RecordsScheduleRescheduleRetryAndTheEnginesSend()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        var actor = staff.Id.ToString();

        Assert.Equal(HttpStatusCode.OK, (await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-03T10:00:00Z"}"""), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2026-01-04T10:00:00Z"}"""), Ct)).StatusCode);
        await app.UpdateSendAsync(id, send =>
        {
            send.Status = OfferSendStatus.Failed;
            send.RetryCount = 3;
            send.LastRetryAt = ApiApp.Now;
            send.ErrorMessage = "Max retries (3) exceeded. Last error: 451 try later";
        });
        var retried = await staff.Client.PostAsync($"/api/offer-sends/{id}/retry", null, Ct);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var afterRetry = await app.ReadSendAsync(id);
        Assert.Equal(OfferSendStatus.Scheduled, afterRetry.Status);
        Assert.Equal(ApiApp.Now, afterRetry.ScheduledFor);
        Assert.Equal(0, afterRetry.RetryCount);
        Assert.Null(afterRetry.LastRetryAt);
        Assert.Equal("Max retries (3) exceeded. Last error: 451 try later", afterRetry.ErrorMessage);
        await app.UpdateSendAsync(id, send =>
        {
            send.Status = OfferSendStatus.Sent;
            send.ProcessedAt = ApiApp.Now.AddSeconds(2);
        });

        var events = await app.ReadEventsAsync(id);
        Assert.Equal(
            [
                (OfferSendActions.Create, (OfferSendStatus?)null, OfferSendStatus.Pending, (DateTimeOffset?)null, (DateTimeOffset?)null),
                (OfferSendActions.Schedule, OfferSendStatus.Pending, OfferSendStatus.Scheduled, null, Day(3)),
                (OfferSendActions.Reschedule, OfferSendStatus.Scheduled, OfferSendStatus.Scheduled, Day(3), Day(4)),
                (OfferSendActions.Retry, OfferSendStatus.Failed, OfferSendStatus.Scheduled, Day(4), ApiApp.Now),
            ],
            events.Select(e => (e.Action, e.StatusBefore, e.StatusAfter, e.ScheduledForBefore, e.ScheduledForAfter)));
        Assert.All(events, e => Assert.Equal(actor, e.Actor));

        var detail = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offer-sends/{id}", Ct);
        Assert.Equal("sent", detail.GetProperty("offerSend").GetProperty("status").GetString());
        Assert.Equal(4, detail.GetProperty("events").GetArrayLength());
        Assert.Equal("retry", detail.GetProperty("events")[3].GetProperty("action").GetString());
        Assert.Equal(0, detail.GetProperty("attempts").GetArrayLength());
        Assert.Equal(
            "An offer send that is sent cannot be sent now; it must be pending or scheduled.",
            await Problems.AssertAsync(await staff.Client.PostAsync($"/api/offer-sends/{id}/send-now", null, Ct), HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task CancelAndSendNow_MoveTheRow_AndAreRecorded()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-05T10:00:00Z" });

        var cancelled = await staff.Client.PostAsync($"/api/offer-sends/{id}/cancel", null, Ct);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("scheduledFor").ValueKind);
        Assert.Equal(
            "An offer send that is pending cannot be cancelled; it must be scheduled.",
            await Problems.AssertAsync(await staff.Client.PostAsync($"/api/offer-sends/{id}/cancel", null, Ct), HttpStatusCode.Conflict));

        var now = await staff.Client.PostAsync($"/api/offer-sends/{id}/send-now", null, Ct);
        Assert.Equal(HttpStatusCode.OK, now.StatusCode);
        var stored = await app.ReadSendAsync(id);
        Assert.Equal(OfferSendStatus.Scheduled, stored.Status);
        Assert.Equal(ApiApp.Now, stored.ScheduledFor);
        Assert.Equal(
            [OfferSendActions.Create, OfferSendActions.Cancel, OfferSendActions.SendNow],
            (await app.ReadEventsAsync(id)).Select(e => e.Action));
    }

    private static DateTimeOffset Day(int day) => new(2026, 1, day, 10, 0, 0, TimeSpan.Zero);
}
