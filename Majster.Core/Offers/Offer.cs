namespace Majster.Core.Offers;

/// <summary>A tradesperson's quote: what is sent, to whom by default, and in which language.</summary>
public sealed class Offer
{
    public Guid Id { get; set; }

    /// <summary>The staff member who owns it.</summary>
    public Guid UserId { get; set; }

    public required string Title { get; set; }
    public required string ClientName { get; set; }
    public required string ClientEmail { get; set; }
    public decimal TotalAmount { get; set; }

    /// <summary>ISO 4217 code, e.g. PLN.</summary>
    public required string Currency { get; set; }

    /// <summary>The e-mail's language: <c>pl</c> or <c>en</c>.</summary>
    public required string Language { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
