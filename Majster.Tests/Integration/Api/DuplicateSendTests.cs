using Majster.Core.Accounts;
using Majster.Core.Offers;
using Microsoft.Extensions.DependencyInjection;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// What the create dialog warns about: a send of the same offer to the same address, sent in the last 7 days or
/// scheduled since then; another address, an older send or a pending one is no duplicate.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DuplicateSendTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecentDuplicate_FindsTheSameOfferToTheSameAddress_SentOrScheduledWithinSevenDays()
    {
        var staff = await app.CreateUserAsync();
        var offerId = await app.CreateOfferAsync(staff, "jan@example.com");
        var queries = app.Factory.Services.GetRequiredService<OfferSendQueries>();
        var actor = new Actor(staff.Id, IsAdmin: false);
        Assert.Null(await queries.RecentDuplicateAsync(actor, offerId, "jan@example.com", Ct));

        var pending = await CreateAsync(staff, offerId, "jan@example.com");
        Assert.Null(await queries.RecentDuplicateAsync(actor, offerId, "jan@example.com", Ct));

        await app.UpdateSendAsync(pending, s => (s.Status, s.ProcessedAt) = (OfferSendStatus.Sent, ApiApp.Now.AddDays(-8)));
        Assert.Null(await queries.RecentDuplicateAsync(actor, offerId, "jan@example.com", Ct));

        await app.UpdateSendAsync(pending, s => s.ProcessedAt = ApiApp.Now.AddDays(-3));
        Assert.Equal(pending, (await queries.RecentDuplicateAsync(actor, offerId, " JAN@example.com", Ct))?.Id);
        Assert.Null(await queries.RecentDuplicateAsync(actor, offerId, "anna@example.com", Ct));
        Assert.Null(await queries.RecentDuplicateAsync(new Actor(Guid.NewGuid(), IsAdmin: false), offerId, "jan@example.com", Ct));

        var scheduled = await CreateAsync(staff, offerId, "anna@example.com", "2026-01-20T09:00:00Z");
        Assert.Equal(scheduled, (await queries.RecentDuplicateAsync(actor, offerId, "anna@example.com", Ct))?.Id);
    }

    private async Task<Guid> CreateAsync(TestUser user, Guid offerId, string clientEmail, string? scheduledFor = null)
    {
        var response = await user.Client.PostAsync("/api/offer-sends", ApiApp.Json(scheduledFor is null
            ? $$"""{"offerId": "{{offerId}}", "clientEmail": "{{clientEmail}}"}"""
            : $$"""{"offerId": "{{offerId}}", "clientEmail": "{{clientEmail}}", "scheduledFor": "{{scheduledFor}}"}"""), Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
    }
}
