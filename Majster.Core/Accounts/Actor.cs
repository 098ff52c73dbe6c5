namespace Majster.Core.Accounts;

/// <summary>The person acting: staff act on their own rows, admins on all.</summary>
public sealed record Actor(Guid UserId, bool IsAdmin)
{
    /// <summary>The text recorded in <c>offer_send_events.actor</c>.</summary>
    public string AuditName => UserId.ToString();

    /// <summary>Whether a row owned by <paramref name="ownerId"/> exists for this actor (another owner's row is "not found").</summary>
    public bool CanSee(Guid ownerId) => IsAdmin || ownerId == UserId;
}
