using System.Text.Json;
using Majster.Admin.Api;
using Majster.Core.Offers;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// An offer send's two wire formats, byte for byte, as the app's JSON options write them: camelCase under <c>/api</c>,
/// and the original <c>schedule-offer</c> answer with the row under its column names.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WireFormatTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static readonly DateTimeOffset At = new(2026, 1, 3, 10, 0, 0, TimeSpan.Zero);

    private static readonly OfferSend Send = new()
    {
        Id = Guid.Parse("11111111-1111-1111-1111-111111111111"),
        OfferId = Guid.Parse("22222222-2222-2222-2222-222222222222"),
        UserId = Guid.Parse("33333333-3333-3333-3333-333333333333"),
        ClientEmail = "jan@example.com",
        ClientName = "Jan \"Kowal\" Kowalski",
        Subject = "Oferta: łazienka",
        Message = null,
        PdfUrl = "https://example.com/o.pdf",
        Status = OfferSendStatus.Failed,
        ScheduledFor = At,
        RetryCount = 2,
        MaxRetries = 3,
        LastRetryAt = At.AddMinutes(5),
        ProcessedAt = null,
        ErrorMessage = "550 mailbox unavailable",
        CreatedAt = At.AddDays(-1),
        UpdatedAt = At.AddMinutes(5).AddMilliseconds(123),
    };

    private JsonSerializerOptions Json => app.Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

    [Fact]
    public void Api_WritesAnOfferSendInCamelCase()
    {
        Assert.Equal(
            """{"id":"11111111-1111-1111-1111-111111111111","offerId":"22222222-2222-2222-2222-222222222222","userId":"33333333-3333-3333-3333-333333333333","clientEmail":"jan@example.com","clientName":"Jan \"Kowal\" Kowalski","subject":"Oferta: łazienka","message":null,"pdfUrl":"https://example.com/o.pdf","status":"failed","scheduledFor":"2026-01-03T10:00:00.000Z","retryCount":2,"maxRetries":3,"lastRetryAt":"2026-01-03T10:05:00.000Z","processedAt":null,"errorMessage":"550 mailbox unavailable","createdAt":"2026-01-02T10:00:00.000Z","updatedAt":"2026-01-03T10:05:00.123Z","statusName":"failed","delivery":null,"waitingFor":"limit","expectedAt":"2026-01-03T10:07:00.000Z"}""",
            JsonSerializer.Serialize(OfferSendResponse.From(Send, new Majster.Core.Scheduling.SendExpectation(Majster.Core.Scheduling.WaitingFor.Limit, new DateTimeOffset(2026, 1, 3, 10, 7, 0, TimeSpan.Zero))), Json));
    }

    [Fact]
    public void ScheduleOffer_WritesTheRowUnderItsColumnNames()
    {
        Assert.Equal(
            """{"success":true,"offerSend":{"id":"11111111-1111-1111-1111-111111111111","offer_id":"22222222-2222-2222-2222-222222222222","user_id":"33333333-3333-3333-3333-333333333333","client_email":"jan@example.com","client_name":"Jan \"Kowal\" Kowalski","subject":"Oferta: łazienka","message":null,"pdf_url":"https://example.com/o.pdf","status":"failed","scheduled_for":"2026-01-03T10:00:00.000Z","retry_count":2,"max_retries":3,"last_retry_at":"2026-01-03T10:05:00.000Z","processed_at":null,"error_message":"550 mailbox unavailable","created_at":"2026-01-02T10:00:00.000Z","updated_at":"2026-01-03T10:05:00.123Z","status_name":"failed","waiting_for":null,"expected_at":null},"message":"Offer scheduled","expectedAt":null}""",
            JsonSerializer.Serialize(new ScheduleOfferResponse(true, OfferSendResponse.From(Send, null), "Offer scheduled", null), Json));
    }
}
