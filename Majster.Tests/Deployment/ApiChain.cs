using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Time;

namespace Majster.Tests.Deployment;

/// <summary>README's "The API in four calls", as a client runs it.</summary>
public static class ApiChain
{
    /// <summary>README's worked example: an offer, a send of it, the send scheduled.</summary>
    public static async Task<Guid> ScheduleAsync(HttpClient api, string subject, TimeSpan after)
    {
        var offer = await PostAsync(api, "/api/offers", new
        {
            title = "Kitchen renovation", clientName = "Anna Nowak", clientEmail = "anna@example.com",
            totalAmount = 12500.00m, currency = "PLN", language = "pl",
        });
        var send = await PostAsync(api, "/api/offer-sends", new { offerId = offer, subject });
        using var scheduled = await api.PostAsJsonAsync("/schedule-offer", new { offerSendId = send, scheduledFor = IsoInstant.Format(TimeProvider.System.GetUtcNow() + after) }, CancellationToken.None);
        Assert.True(scheduled.IsSuccessStatusCode, $"/schedule-offer answered {(int)scheduled.StatusCode}: {await scheduled.Content.ReadAsStringAsync(CancellationToken.None)}");
        return send;
    }

    private static async Task<Guid> PostAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body, CancellationToken.None);
        var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
