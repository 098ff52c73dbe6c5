namespace Majster.Core.Time;

/// <summary>
/// The time helpers the runbook names (utcNow, ensureAwareUTC, isDue, addSeconds, exponentialBackoff),
/// written for .NET: every instant is a UTC <see cref="DateTimeOffset"/> and the clock is a <see cref="TimeProvider"/>.
/// </summary>
public static class UtcTime
{
    /// <summary>The longest retry delay the runbook allows.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromHours(1);

    /// <summary>The first retry delay the runbook names.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMinutes(1);

    /// <summary>The current instant, in UTC, from the injected clock.</summary>
    public static DateTimeOffset UtcNow(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return clock.GetUtcNow().ToUniversalTime();
    }

    /// <summary>The same instant with offset zero.</summary>
    public static DateTimeOffset EnsureUtc(DateTimeOffset value) => value.ToUniversalTime();

    /// <summary>
    /// The same instant with offset zero. A <see cref="DateTime"/> of unspecified kind is naive: its instant is
    /// unknown, so it is refused rather than guessed.
    /// </summary>
    public static DateTimeOffset EnsureUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(value, TimeSpan.Zero),
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => throw new ArgumentException(
            "A naive date and time (no offset, unspecified kind) names no instant; give it an explicit offset or UTC kind.",
            nameof(value)),
    };

    /// <summary>Whether a send scheduled for <paramref name="scheduledFor"/> is due at <paramref name="now"/>; no time means at once.</summary>
    public static bool IsDue(DateTimeOffset? scheduledFor, DateTimeOffset now) =>
        scheduledFor is null || scheduledFor.Value.UtcDateTime <= now.UtcDateTime;

    /// <summary>The instant <paramref name="seconds"/> after <paramref name="value"/>, in UTC.</summary>
    public static DateTimeOffset AddSeconds(DateTimeOffset value, double seconds) => EnsureUtc(value).AddSeconds(seconds);

    /// <summary>
    /// The delay before the next retry when <paramref name="retriesAlreadyAttempted"/> retries have been made:
    /// min(base · 2ⁿ, max), i.e. 60 s, 120 s, 240 s … capped at one hour with the runbook's defaults.
    /// </summary>
    public static TimeSpan ExponentialBackoff(int retriesAlreadyAttempted, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retriesAlreadyAttempted);
        var first = baseDelay ?? DefaultBaseDelay;
        var cap = maxDelay ?? DefaultMaxDelay;
        ArgumentOutOfRangeException.ThrowIfLessThan(first, TimeSpan.Zero, nameof(baseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, first, nameof(maxDelay));

        // 2^62 ticks would overflow long; anything past 2^40 is far beyond any sane cap anyway.
        var exponent = Math.Min(retriesAlreadyAttempted, 40);
        var ticks = first.Ticks * Math.Pow(2, exponent);
        return ticks >= cap.Ticks ? cap : TimeSpan.FromTicks((long)ticks);
    }
}
