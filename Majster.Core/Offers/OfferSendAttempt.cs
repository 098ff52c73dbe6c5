namespace Majster.Core.Offers;

/// <summary>One try at delivering an offer send.</summary>
public sealed class OfferSendAttempt
{
    public long Id { get; set; }
    public Guid OfferSendId { get; set; }

    /// <summary>1 for the first attempt, 2 for the first retry, …</summary>
    public int AttemptNumber { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public AttemptOutcome Outcome { get; set; }
    public int? SmtpStatusCode { get; set; }
    public string? Error { get; set; }

    /// <summary>The kind of <see cref="Error"/>, for a UI to say in the person's language.</summary>
    public FailureReason? Failure { get; set; }

    /// <summary>The worker instance that made the attempt.</summary>
    public required string Instance { get; set; }
}

/// <summary>How one attempt ended. Stored as <c>sent</c>, <c>transient_failure</c>, <c>permanent_failure</c>.</summary>
public enum AttemptOutcome
{
    Sent,
    TransientFailure,
    PermanentFailure,
}
