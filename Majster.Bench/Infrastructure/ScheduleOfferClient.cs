using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Majster.Core.Time;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// <c>POST /schedule-offer</c> with the bootstrap admin's bearer token, as the runbook's clients call it. Whether the
/// running app has the endpoint is found out by scheduling one throwaway send.
/// </summary>
internal sealed class ScheduleOfferClient(AppProcess app) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
    {
        BaseAddress = app.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", app.ApiToken()) },
    };

    public async Task<HttpStatusCode> ScheduleAsync(Guid offerSendId, DateTimeOffset scheduledFor, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(
            "schedule-offer", new { offerSendId, scheduledFor = IsoInstant.Format(scheduledFor) }, ct);
        return response.StatusCode;
    }

    /// <summary>True when scheduling <paramref name="probeSendId"/> (a pending send) an hour ahead succeeds.</summary>
    public async Task<bool> EndpointExistsAsync(Guid probeSendId, DateTimeOffset now, CancellationToken ct) =>
        await ScheduleAsync(probeSendId, now.AddHours(1), ct) == HttpStatusCode.OK;

    public void Dispose() => _http.Dispose();
}
