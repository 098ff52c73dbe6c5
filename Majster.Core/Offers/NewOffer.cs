namespace Majster.Core.Offers;

/// <summary>What a person gives to create an offer.</summary>
public sealed record NewOffer(
    string Title,
    string ClientName,
    string ClientEmail,
    decimal TotalAmount,
    string Currency,
    string Language);
