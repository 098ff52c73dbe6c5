using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// Optimistic concurrency the HTTP way: a send's ETag is its version, a change under If-Match applies only to that
/// version (412 otherwise), a change without one applies to the send as it is; and the audit trail comes back in
/// commit order.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConditionalChangeTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Change_UnderTheCurrentETag_Applies_AndAnswersTheNextETag()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        var etag = await ETagAsync(staff, id);

        var scheduled = await ScheduleAsync(staff, id, "2026-01-03T10:00:00Z", etag);
        var cancelled = await SendAsync(staff, HttpMethod.Post, $"/api/offer-sends/{id}/cancel", scheduled.Headers.ETag!.ToString());

        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.NotEqual(etag, scheduled.Headers.ETag.ToString());
        Assert.False(scheduled.Headers.ETag.IsWeak);
        Assert.Equal(await ETagAsync(staff, id), cancelled.Headers.ETag!.ToString());
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("weak")]
    [InlineData("foreign")]
    public async Task Change_UnderAnotherETag_IsPreconditionFailed_AndChangesNothing(string which)
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        var stale = await ETagAsync(staff, id);
        Assert.Equal(HttpStatusCode.OK, (await ScheduleAsync(staff, id, "2026-01-03T10:00:00Z", ifMatch: null)).StatusCode);
        var current = await ETagAsync(staff, id);
        var before = await app.SnapshotAsync(id);
        var ifMatch = which switch
        {
            "stale" => stale,
            "weak" => "W/" + current,
            _ => "\"not-a-version\"",
        };

        var responses = new[]
        {
            await ScheduleAsync(staff, id, "2026-01-04T10:00:00Z", ifMatch),
            await SendAsync(staff, HttpMethod.Post, $"/api/offer-sends/{id}/send-now", ifMatch),
            await SendAsync(staff, HttpMethod.Post, $"/api/offer-sends/{id}/cancel", ifMatch),
        };

        foreach (var response in responses)
        {
            await Problems.AssertAsync(response, HttpStatusCode.PreconditionFailed);
        }

        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task Change_UnderAnyETag_OrAListHoldingTheCurrentOne_Applies()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);

        var any = await ScheduleAsync(staff, id, "2026-01-03T10:00:00Z", "*");
        var list = await ScheduleAsync(staff, id, "2026-01-03T11:00:00Z", $"\"1\", {await ETagAsync(staff, id)}");

        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("\"unterminated")]
    [InlineData("\"1\" \"2\"")]
    public async Task Change_UnderAMalformedIfMatch_IsABadRequest(string ifMatch)
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);
        var before = await app.SnapshotAsync(id);

        var error = await Problems.AssertAsync(await ScheduleAsync(staff, id, "2026-01-03T10:00:00Z", ifMatch), HttpStatusCode.BadRequest);

        Assert.Contains("If-Match", error, StringComparison.Ordinal);
        Assert.Equal(before, await app.SnapshotAsync(id));
    }

    [Fact]
    public async Task FiftyReschedules_UnderOneETag_OneApplies_TheOthersArePreconditionFailed()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-03T10:00:00Z" });
        var etag = await ETagAsync(staff, id);

        var responses = await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
            ScheduleAsync(staff, id, $"2026-01-04T10:{i:00}:00Z", etag)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Single(await app.ReadEventsAsync(id), e => e.Action == "reschedule");
    }

    [Fact]
    public async Task ConcurrentReschedules_WithoutIfMatch_ComeBackInCommitOrder()
    {
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-03T10:00:00Z" });
        // Every request reads its own instant, as on a real clock; they need not commit in that order.
        app.Clock.AutoAdvanceAmount = TimeSpan.FromMilliseconds(1);
        try
        {
            var responses = await Task.WhenAll(Enumerable.Range(1, 50).Select(i =>
                ScheduleAsync(staff, id, $"2026-01-04T10:{i:00}:00Z", ifMatch: null)));
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        }
        finally
        {
            app.Clock.AutoAdvanceAmount = TimeSpan.Zero;
        }

        var detail = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offer-sends/{id}", Ct);

        // In commit order each change starts where the one before it ended, and the last ends where the send is.
        var events = detail.GetProperty("events").EnumerateArray().ToList();
        Assert.True(events.Count > 2, $"{events.Count} events");
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.Equal(
            pair.First.GetProperty("scheduledForAfter").GetString(), pair.Second.GetProperty("scheduledForBefore").GetString()));
        Assert.Equal(
            detail.GetProperty("offerSend").GetProperty("scheduledFor").GetString(), events[^1].GetProperty("scheduledForAfter").GetString());
    }

    private async Task<string> ETagAsync(TestUser user, Guid id)
    {
        var response = await user.Client.GetAsync($"/api/offer-sends/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.ToString();
    }

    private static Task<HttpResponseMessage> ScheduleAsync(TestUser user, Guid id, string scheduledFor, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/schedule-offer")
        {
            Content = JsonContent.Create(new { offerSendId = id, scheduledFor }),
        };
        return SendAsync(user, request, ifMatch);
    }

    private static Task<HttpResponseMessage> SendAsync(TestUser user, HttpMethod method, string path, string? ifMatch) =>
        SendAsync(user, new HttpRequestMessage(method, path), ifMatch);

    private static async Task<HttpResponseMessage> SendAsync(TestUser user, HttpRequestMessage request, string? ifMatch)
    {
        using (request)
        {
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            var response = await user.Client.SendAsync(request, Ct);
            await response.Content.LoadIntoBufferAsync(Ct);
            return response;
        }
    }
}
