namespace Majster.Core.Offers;

/// <summary>
/// The lease a worker takes on a send it claims (<c>locked_until</c>, <c>locked_by</c>): it holds while its end is in
/// the future, and at its end the row is free again, to be claimed by any worker or changed by a person. The one
/// definition behind the claim, the people's changes and the actions offered; a test checks that the SQL and the C#
/// select the same rows.
/// </summary>
public static class OfferSendLease
{
    /// <summary>The rule in SQL over <c>offer_sends</c>, with the instant as <c>@now</c>: no lease holds the row.</summary>
    public const string FreeSql = "(locked_until IS NULL OR locked_until <= @now)";

    /// <summary>Whether a row whose lease ends at <paramref name="lockedUntil"/> is free at <paramref name="now"/>.</summary>
    public static bool IsFreeAt(DateTimeOffset? lockedUntil, DateTimeOffset now) => lockedUntil is not { } until || until <= now;

    /// <summary>Whether a worker holds <paramref name="send"/> at <paramref name="now"/>; no person may change it meanwhile.</summary>
    public static bool IsLeasedAt(this OfferSend send, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(send);
        return !IsFreeAt(send.LockedUntil, now);
    }
}
