using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Tests.Integration.Api;

/// <summary>An app with a limit of 2 a minute and sending hours Mon–Fri 08:00–17:00 in Warsaw (Friday 2 January 2026, 11:00 there).</summary>
public sealed class PacedApiApp(PostgresCluster cluster) : ApiApp(cluster)
{
    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Sending:Limits:PerMinute", "2"),
        ("Sending:Window:Days", "Mon,Tue,Wed,Thu,Fri"),
        ("Sending:Window:From", "08:00"),
        ("Sending:Window:To", "17:00"),
        ("Sending:Window:Holidays", "PL"),
    ];
}

/// <summary><c>/api/sending</c> and what a waiting send says in <c>/api/offer-sends</c> and <c>/schedule-offer</c>.</summary>
[Trait("Category", "Integration")]
public sealed class SendingApiTests(PacedApiApp app) : IClassFixture<PacedApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PauseAndResume_AreForAdminsOnly_AndEveryoneReadsTheState()
    {
        var staff = await app.CreateUserAsync();
        using var admin = app.Admin();

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Client.PostAsync("/api/sending/pause", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Client.PostAsync("/api/sending/resume", null, Ct)).StatusCode);
        Assert.False((await staff.Client.GetFromJsonAsync<JsonElement>("/api/sending", Ct)).GetProperty("paused").GetBoolean());

        var paused = await admin.PostAsync("/api/sending/pause", ApiApp.Json("""{"reason":"Wrong price list","until":"2026-01-02T12:00:00+01:00"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        var seen = await staff.Client.GetFromJsonAsync<JsonElement>("/api/sending", Ct);
        Assert.True(seen.GetProperty("paused").GetBoolean());
        Assert.Equal("Wrong price list", seen.GetProperty("reason").GetString());
        Assert.Equal("2026-01-02T11:00:00.000Z", seen.GetProperty("until").GetString());
        Assert.Equal("2026-01-02T10:00:00.000Z", seen.GetProperty("pausedAt").GetString());
        Assert.Equal(2, seen.GetProperty("limits").GetProperty("perMinute").GetInt32());
        Assert.Equal(0, seen.GetProperty("usage").GetProperty("lastDay").GetInt32());
        Assert.True(seen.GetProperty("window").GetProperty("open").GetBoolean());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("throttledUntil").ValueKind);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/sending/resume", null, Ct)).StatusCode);
        Assert.False((await staff.Client.GetFromJsonAsync<JsonElement>("/api/sending", Ct)).GetProperty("paused").GetBoolean());
    }

    [Theory]
    [InlineData("""{"until":"2026-01-02T09:00:00Z"}""")]
    [InlineData("""{"until":"2026-01-02T12:00:00"}""")]
    [InlineData("""{"reason":5}""")]
    [InlineData("""[]""")]
    public async Task Pause_AnswersBadInputWithAProblem_AndChangesNothing(string body)
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/sending/pause", ApiApp.Json(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False((await app.Factory.Services.GetRequiredService<SendingPause>().GetAsync(Ct)).Paused);
    }

    [Theory]
    [InlineData("""{"reason":"Serwis \u202Efdp.exe"}""", "text-direction")]
    [InlineData("""{"reason":"Serwis \u2066poczty\u2069"}""", "text-direction")]
    [InlineData("""{"reason":"Serwis\npoczty"}""", "control characters")]
    [InlineData("""{"reason":"Serwis\u0007poczty"}""", "control characters")]
    public async Task Pause_RefusesAReasonWithControlOrTextDirectionCharacters_SayingSo(string body, string says)
    {
        using var admin = app.Admin();

        var response = await admin.PostAsync("/api/sending/pause", ApiApp.Json(body), Ct);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("reason", problem, StringComparison.Ordinal);
        Assert.Contains(says, problem, StringComparison.Ordinal);
        Assert.False((await app.Factory.Services.GetRequiredService<SendingPause>().GetAsync(Ct)).Paused);
    }

    [Fact]
    public async Task Pause_RefusesAReasonTooLong()
    {
        using var admin = app.Admin();

        var response = await admin.PostAsJsonAsync("/api/sending/pause", new { reason = new string('x', SendingPause.MaxReasonLength + 1) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False((await app.Factory.Services.GetRequiredService<SendingPause>().GetAsync(Ct)).Paused);
    }

    [Fact]
    public async Task WaitingSends_SayWhyAndWhen_InTheListTheDetailAndTheScheduleAnswer()
    {
        var staff = await app.CreateUserAsync();
        List<Guid> due = [];
        for (var i = 0; i < 3; i++)
        {
            var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-02T10:01:00Z" });
            await app.UpdateSendAsync(id, send => send.ScheduledFor = ApiApp.Now.AddMinutes(-1).AddSeconds(i));
            due.Add(id);
        }

        // Saturday 3 January, 10:00 in Warsaw: outside the sending hours, so Monday 5 January 08:00 (07:00Z).
        var later = await app.CreateSendAsync(staff);
        var scheduled = await staff.Client.PostAsJsonAsync("/schedule-offer", new { offerSendId = later, scheduledFor = "2026-01-03T09:00:00Z" }, Ct);
        var answer = await scheduled.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var third = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offer-sends/{due[2]}", Ct);
        var list = await staff.Client.GetFromJsonAsync<JsonElement>("/api/offer-sends?status=scheduled", Ct);

        Assert.Equal("2026-01-05T07:00:00.000Z", answer.GetProperty("expectedAt").GetString());
        Assert.Equal("window", answer.GetProperty("offerSend").GetProperty("waiting_for").GetString());
        // Two a minute: the third due send goes when the first two have left the window.
        Assert.Equal("limit", third.GetProperty("offerSend").GetProperty("waitingFor").GetString());
        Assert.Equal("2026-01-02T10:01:00.000Z", third.GetProperty("offerSend").GetProperty("expectedAt").GetString());
        var first = list.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("id").GetGuid() == due[0]);
        Assert.Equal((JsonValueKind.Null, "2026-01-02T10:00:00.000Z"), (first.GetProperty("waitingFor").ValueKind, first.GetProperty("expectedAt").GetString()));
    }
}
