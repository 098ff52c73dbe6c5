namespace Majster.Core.Scheduling;

/// <summary>
/// The fleet's one sending switch and back-off (<c>sending_state</c>, a single row with id 1): whether a person paused
/// all sending and until when, and until when the mail server asked the senders to back off. Every instance reads it
/// before it claims, so it holds for all of them and survives restarts.
/// </summary>
public sealed class SendingState
{
    /// <summary>The row's key; the table holds the one row <see cref="OnlyId"/>.</summary>
    public const int OnlyId = 1;

    public int Id { get; set; } = OnlyId;

    /// <summary>Set by a pause, cleared by a resume.</summary>
    public bool Paused { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Who paused: a user's e-mail, or the process that did (a restore, say).</summary>
    public string? PausedBy { get; set; }

    public string? Reason { get; set; }

    /// <summary>When the pause ends by itself; null: until someone resumes.</summary>
    public DateTimeOffset? PauseUntil { get; set; }

    /// <summary>No message goes to the mail server before this, after it answered that the sender goes too fast.</summary>
    public DateTimeOffset? ThrottledUntil { get; set; }

    /// <summary>The back-off that ends at <see cref="ThrottledUntil"/>; the next one while the answers go on is twice it.</summary>
    public TimeSpan? ThrottleBackoff { get; set; }

    /// <summary>The server's words with the last throttling answer.</summary>
    public string? ThrottleReply { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The rule in SQL over <c>sending_state</c>, with the instant as <c>@now</c>: a pause or a back-off holds
    /// (<see cref="IsPausedAt"/> or <see cref="IsThrottledAt"/>); a test checks that the two agree.
    /// </summary>
    public const string HoldsSql = "((paused AND (pause_until IS NULL OR pause_until > @now)) OR throttled_until > @now)";

    /// <summary>Whether a pause holds at <paramref name="now"/>: set, and its end (if any) not yet reached.</summary>
    public bool IsPausedAt(DateTimeOffset now) => Paused && (PauseUntil is not { } until || until > now);

    /// <summary>Whether a server's back-off holds at <paramref name="now"/>.</summary>
    public bool IsThrottledAt(DateTimeOffset now) => ThrottledUntil is { } until && until > now;
}
