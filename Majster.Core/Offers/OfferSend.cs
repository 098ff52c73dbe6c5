namespace Majster.Core.Offers;

/// <summary>One e-mail of an offer to a client, and where its delivery stands (the runbook's <c>offer_sends</c>).</summary>
public sealed class OfferSend
{
    public Guid Id { get; set; }
    public Guid OfferId { get; set; }
    public Offer? Offer { get; set; }

    /// <summary>The staff member who owns it; ownership is authorization.</summary>
    public Guid UserId { get; set; }

    public required string ClientEmail { get; set; }
    public string? ClientName { get; set; }
    public required string Subject { get; set; }
    public string? Message { get; set; }
    public string? PdfUrl { get; set; }

    public OfferSendStatus Status { get; set; } = OfferSendStatus.Pending;

    /// <summary>When to send; null = immediate / not scheduled.</summary>
    public DateTimeOffset? ScheduledFor { get; set; }

    public int RetryCount { get; set; }
    public int MaxRetries { get; set; } = 3;
    public DateTimeOffset? LastRetryAt { get; set; }

    /// <summary>Set only on success.</summary>
    public DateTimeOffset? ProcessedAt { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>The kind of <see cref="ErrorMessage"/>, for a UI to say in the person's language.</summary>
    public FailureReason? Failure { get; set; }

    /// <summary>The lease (<see cref="OfferSendLease"/>): while it holds, <see cref="LockedBy"/> owns the row.</summary>
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: changes with every write of the row, so a change can be fenced on it.</summary>
    public uint Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>What came back from the mailbox for this send; null while nothing did.</summary>
    public Inbound.OfferSendDelivery? Delivery { get; set; }

    public List<OfferSendAttempt> Attempts { get; } = [];
    public List<OfferSendEvent> Events { get; } = [];
}
