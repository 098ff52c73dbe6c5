using System.Net;
using Majster.Core.Offers;
using Majster.Tests.Integration.Security;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// The grid's state is its address: the first, prerendered response for <c>/offer-sends?…</c> already holds the rows
/// that filter, sort and page name, as a plain HTTP GET reads it (no circuit, no script).
/// </summary>
[Trait("Category", "Integration")]
public sealed class GridAddressTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FirstResponse_HoldsTheRowsOfTheAddress_ForEachFilterSortAndPage()
    {
        var staff = await app.CreateUserAsync();
        var scheduled = await app.CreateSendAsync(staff, new { subject = "Alpha scheduled", scheduledFor = "2026-02-10T09:00:00Z" });
        var failed = await app.CreateSendAsync(staff, new { subject = "Bravo failed", scheduledFor = "2026-02-11T09:00:00Z" });
        await app.UpdateSendAsync(failed, s => s.Status = OfferSendStatus.Failed);
        await app.CreateSendAsync(staff, new { subject = "Charlie pending" });
        using var browser = await TestCookies.SessionAsync(app.Factory, staff.Id);

        async Task<string> PageAsync(string query)
        {
            var response = await browser.GetAsync("/offer-sends" + query, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync(Ct);
        }

        var byStatus = await PageAsync("?status=failed");
        Assert.Contains("Bravo failed", byStatus, StringComparison.Ordinal);
        Assert.DoesNotContain("Alpha scheduled", byStatus, StringComparison.Ordinal);

        var bySearch = await PageAsync("?q=charlie");
        Assert.Contains("Charlie pending", bySearch, StringComparison.Ordinal);
        Assert.DoesNotContain("Bravo failed", bySearch, StringComparison.Ordinal);

        // 10 February in Warsaw, the person's zone: only the first.
        var byDays = await PageAsync("?from=2026-02-10&to=2026-02-10");
        Assert.Contains("Alpha scheduled", byDays, StringComparison.Ordinal);
        Assert.DoesNotContain("Bravo failed", byDays, StringComparison.Ordinal);
        Assert.DoesNotContain("Charlie pending", byDays, StringComparison.Ordinal);

        var ascending = await PageAsync("?sort=subject");
        Assert.True(ascending.IndexOf("Alpha scheduled", StringComparison.Ordinal) < ascending.IndexOf("Charlie pending", StringComparison.Ordinal));
        var descending = await PageAsync("?sort=-subject");
        Assert.True(descending.IndexOf("Charlie pending", StringComparison.Ordinal) < descending.IndexOf("Alpha scheduled", StringComparison.Ordinal));

        Assert.Contains("Alpha scheduled", await PageAsync("?status=scheduled&q=alpha&from=2026-02-01&to=2026-02-28&sort=-scheduledFor&page=1"), StringComparison.Ordinal);
        Assert.Contains($"/offer-sends/{scheduled}", await PageAsync("?status=scheduled"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstResponse_OfTheSecondPage_HoldsItsRowsAlone_AndTheExportLinkCarriesTheFilter()
    {
        var staff = await app.CreateUserAsync();
        for (var i = 1; i <= 22; i++)
        {
            await app.CreateSendAsync(staff, new { subject = $"Numbered {i:00}" });
        }

        using var browser = await TestCookies.SessionAsync(app.Factory, staff.Id);
        var second = await browser.GetStringAsync("/offer-sends?q=numbered&sort=subject&page=2", Ct);

        Assert.Contains("Numbered 21", second, StringComparison.Ordinal);
        Assert.Contains("Numbered 22", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Numbered 20", second, StringComparison.Ordinal);
        Assert.Contains("/api/offer-sends/export?q=numbered&amp;sort=subject\"", second, StringComparison.Ordinal);
    }
}
