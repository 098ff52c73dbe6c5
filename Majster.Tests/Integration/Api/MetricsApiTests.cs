using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Tests.Integration.Api;

/// <summary><c>GET /api/metrics</c> over rows this class alone writes (its own database): staff see their own sends', admins everyone's.</summary>
[Trait("Category", "Integration")]
public sealed class MetricsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Metrics_CountsTheRunbooksQueries_TopErrors_Lateness_AndTheLastTick()
    {
        var ct = TestContext.Current.CancellationToken;
        var staff = await app.CreateUserAsync();
        var colleague = await app.CreateUserAsync();
        var colleagues = await app.CreateSendAsync(colleague, new { scheduledFor = "2026-01-02T10:01:00Z" });
        await app.UpdateSendAsync(colleagues, send => send.ScheduledFor = ApiApp.Now.AddMinutes(-5));
        var colleaguesFailed = await app.CreateSendAsync(colleague);
        await app.UpdateSendAsync(colleaguesFailed, send =>
        {
            send.Status = OfferSendStatus.Failed;
            send.ErrorMessage = "550 No such user";
        });
        var overdue = await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-02T10:01:00Z" });
        await app.CreateSendAsync(staff, new { scheduledFor = "2026-01-05T10:00:00Z" });
        await app.UpdateSendAsync(overdue, send => send.ScheduledFor = ApiApp.Now.AddMinutes(-1));
        foreach (var (retries, lateMs) in new[] { (0, 1000), (2, 3000) })
        {
            var id = await app.CreateSendAsync(staff);
            await app.UpdateSendAsync(id, send =>
            {
                send.Status = OfferSendStatus.Sent;
                send.RetryCount = retries;
                send.ScheduledFor = ApiApp.Now.AddHours(-1);
                send.ProcessedAt = ApiApp.Now.AddHours(-1).AddMilliseconds(lateMs);
                send.ErrorMessage = retries > 0 ? "451 Try again later" : null;
            });
        }

        var failed = await app.CreateSendAsync(staff);
        await app.UpdateSendAsync(failed, send =>
        {
            send.Status = OfferSendStatus.Failed;
            send.ErrorMessage = "550 No such user";
        });
        app.Factory.Services.GetRequiredService<SchedulerStatus>().Record(
            new TickResult(ApiApp.Now.AddSeconds(-30), Found: 5, Sent: 3, Retried: 1, MarkedFailed: 1, Skipped: 0, TimeSpan.FromMilliseconds(120)));

        var metrics = await staff.Client.GetFromJsonAsync<JsonElement>("/api/metrics", ct);
        using var admin = app.Admin();
        var everyones = await admin.GetFromJsonAsync<JsonElement>("/api/metrics", ct);

        // The staff member's own sends only; the scheduler's tick is everyone's, so it is not theirs to see.
        Assert.Equal(2, metrics.GetProperty("scheduled").GetInt32());
        Assert.Equal(1, metrics.GetProperty("overdue").GetInt32());
        Assert.Equal(1, metrics.GetProperty("failed").GetInt32());
        Assert.Equal(2, metrics.GetProperty("sent").GetInt32());
        Assert.Equal(1.0, metrics.GetProperty("retryRate").GetDouble());
        Assert.Equal(
            ["451 Try again later", "550 No such user"],
            metrics.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("errorMessage").GetString()));
        var lateness = metrics.GetProperty("lateness");
        Assert.Equal(2000, lateness.GetProperty("p50Ms").GetDouble(), 3);
        Assert.Equal(2980, lateness.GetProperty("p99Ms").GetDouble(), 3);
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("lastTick").ValueKind);

        // An admin's: everyone's sends, and the last tick.
        Assert.Equal(3, everyones.GetProperty("scheduled").GetInt32());
        Assert.Equal(2, everyones.GetProperty("overdue").GetInt32());
        Assert.Equal(2, everyones.GetProperty("failed").GetInt32());
        Assert.Equal(2, everyones.GetProperty("sent").GetInt32());
        Assert.Equal(
            [("550 No such user", 2), ("451 Try again later", 1)],
            everyones.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("errorMessage").GetString(), e.GetProperty("count").GetInt32())));
        var tick = everyones.GetProperty("lastTick");
        Assert.Equal("2026-01-02T09:59:30.000Z", tick.GetProperty("at").GetString());
        Assert.Equal(5, tick.GetProperty("found").GetInt32());
        Assert.Equal(3, tick.GetProperty("sent").GetInt32());
        Assert.Equal(1, tick.GetProperty("retried").GetInt32());
        Assert.Equal(1, tick.GetProperty("failed").GetInt32());
    }
}
