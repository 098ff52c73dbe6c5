namespace Majster.Core.Offers;

/// <summary>The audit trail: one row for every state change, by a person or by the engine.</summary>
public sealed class OfferSendEvent
{
    /// <summary>The actor recorded when the engine made the change.</summary>
    public const string SchedulerActor = "scheduler";

    public long Id { get; set; }
    public Guid OfferSendId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The user id of the person, or <see cref="SchedulerActor"/>.</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, e.g. <c>create</c>, <c>schedule</c>, <c>cancel</c>, <c>sent</c>, <c>retry_scheduled</c>.</summary>
    public required string Action { get; set; }

    public OfferSendStatus? StatusBefore { get; set; }
    public OfferSendStatus StatusAfter { get; set; }
    public DateTimeOffset? ScheduledForBefore { get; set; }
    public DateTimeOffset? ScheduledForAfter { get; set; }
    public string? Note { get; set; }

    /// <summary>For the engine's failures, the kind of the error in <see cref="Note"/>.</summary>
    public FailureReason? Failure { get; set; }
}
