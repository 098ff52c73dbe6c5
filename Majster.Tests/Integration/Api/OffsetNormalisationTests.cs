using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Api;

/// <summary>The design's own example: <c>2030-01-03T10:00:00.000+01:00</c> is stored and answered as <c>09:00:00.000Z</c>.</summary>
[Trait("Category", "Integration")]
public sealed class OffsetNormalisationTests(OffsetNormalisationTests.LateClockApp app) : IClassFixture<OffsetNormalisationTests.LateClockApp>
{
    /// <summary>The clock pinned a month before the example, so that it is in the schedulable window.</summary>
    public sealed class LateClockApp : ApiApp
    {
        public LateClockApp(PostgresCluster cluster)
            : base(cluster) => Clock.SetUtcNow(new DateTimeOffset(2029, 12, 3, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Schedule_NormalisesPlusOneHourToUtc()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await app.CreateUserAsync();
        var id = await app.CreateSendAsync(staff);

        var response = await staff.Client.PostAsync("/schedule-offer", ApiApp.Json(
            $$"""{"offerSendId": "{{id}}", "scheduledFor": "2030-01-03T10:00:00.000+01:00"}"""), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("Offer scheduled for 2030-01-03T09:00:00.000Z", body.GetProperty("message").GetString());
        Assert.Equal("2030-01-03T09:00:00.000Z", body.GetProperty("offerSend").GetProperty("scheduled_for").GetString());
        Assert.Equal(new DateTimeOffset(2030, 1, 3, 9, 0, 0, TimeSpan.Zero), (await app.ReadSendAsync(id)).ScheduledFor);
    }
}
