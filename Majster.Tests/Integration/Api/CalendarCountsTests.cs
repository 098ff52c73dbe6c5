using System.Net.Http.Json;
using System.Text.Json;
using Majster.Admin.Ui;
using Majster.Core.Accounts;
using Majster.Core.Offers;
using Majster.Core.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// The calendar's day counts are the list's totals for those days: the same filter, in the person's zone, across the
/// night of 25 October 2026 when Warsaw's clocks go back (a day of 25 hours).
/// </summary>
[Trait("Category", "Integration")]
public sealed class CalendarCountsTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeZoneInfo Warsaw = LocalTimes.Zone("Europe/Warsaw");

    [Fact]
    public async Task DayCounts_EqualTheListTotalsForEachDay_AcrossTheAutumnClockChange()
    {
        var staff = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        string[] instants =
        [
            "2026-10-24T23:59:00+02:00", // the 24th, its last minute
            "2026-10-25T00:00:00+02:00", // the 25th's midnight
            "2026-10-25T02:30:00+02:00", // 02:30 the first time
            "2026-10-25T02:30:00+01:00", // 02:30 the second time
            "2026-10-25T23:59:00+01:00", // the 25th's last minute: 24 h 59 min after its midnight
            "2026-10-26T00:00:00+01:00", // the 26th
        ];
        var ids = new List<Guid>();
        foreach (var at in instants)
        {
            ids.Add(await app.CreateSendAsync(staff, new { scheduledFor = at }));
        }

        await app.CreateSendAsync(other, new { scheduledFor = "2026-10-25T12:00:00+01:00" });
        await app.UpdateSendAsync(ids[2], s => s.Status = OfferSendStatus.Sent);
        await app.UpdateSendAsync(ids[3], s => s.Status = OfferSendStatus.Failed);

        var queries = app.Factory.Services.GetRequiredService<OfferSendQueries>();
        var month = new OfferSendListParameters { From = new DateOnly(2026, 10, 1), To = new DateOnly(2026, 10, 31) };
        var counts = await queries.CountByDayAsync(new Actor(staff.Id, IsAdmin: false), month.ToQuery(Warsaw, 1), Warsaw, Ct);

        Assert.Equal(new Dictionary<string, int> { ["scheduled"] = 1 }, counts[new DateOnly(2026, 10, 24)]);
        Assert.Equal(new Dictionary<string, int> { ["scheduled"] = 2, ["sent"] = 1, ["failed"] = 1 }, counts[new DateOnly(2026, 10, 25)]);
        foreach (var (day, byStatus) in counts)
        {
            foreach (var (status, count) in byStatus)
            {
                var list = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offer-sends?status={status}&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}", Ct);
                Assert.Equal(count, list.GetProperty("total").GetInt32());
            }
        }

        Assert.Equal(instants.Length, counts.Values.Sum(c => c.Values.Sum()));
    }

    [Fact]
    public async Task AnAdmin_CountsEveryone_OrOnePersonWithTheFilter()
    {
        var staff = await app.CreateUserAsync();
        var other = await app.CreateUserAsync();
        await app.CreateSendAsync(staff, new { scheduledFor = "2026-11-03T09:00:00Z" });
        await app.CreateSendAsync(other, new { scheduledFor = "2026-11-03T10:00:00Z" });
        var queries = app.Factory.Services.GetRequiredService<OfferSendQueries>();
        var admin = new Actor(Guid.NewGuid(), IsAdmin: true);
        var day = new OfferSendListParameters { From = new DateOnly(2026, 11, 3), To = new DateOnly(2026, 11, 3) };

        var everyone = await queries.CountByDayAsync(admin, day.ToQuery(Warsaw, 1), Warsaw, Ct);
        var one = await queries.CountByDayAsync(admin, (day with { Person = staff.Id }).ToQuery(Warsaw, 1), Warsaw, Ct);

        Assert.True(everyone[new DateOnly(2026, 11, 3)]["scheduled"] >= 2);
        Assert.Equal(1, one[new DateOnly(2026, 11, 3)]["scheduled"]);
    }
}
