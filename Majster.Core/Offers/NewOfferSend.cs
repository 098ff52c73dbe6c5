namespace Majster.Core.Offers;

/// <summary>What a person gives to create an offer send; missing client fields default from the offer.</summary>
public sealed record NewOfferSend(
    Guid OfferId,
    string? ClientEmail = null,
    string? ClientName = null,
    string? Subject = null,
    string? Message = null,
    string? PdfUrl = null,
    DateTimeOffset? ScheduledFor = null);
