using System.ComponentModel.DataAnnotations;

namespace Majster.Core.Scheduling;

/// <summary>
/// The <c>Sending</c> section: the pace the mailbox allows. <c>Limits</c> cap how many messages go to the mail server
/// in any rolling minute, hour and day, for the whole fleet; <c>Window</c> keeps sending to office hours; the back-off
/// is how long the senders hold after the server answers that they go too fast. All off unless configured.
/// </summary>
public sealed class SendingOptions : IValidatableObject
{
    public const string Section = "Sending";

    public SendingLimits Limits { get; set; } = new();

    public SendingWindowOptions Window { get; set; } = new();

    /// <summary>The first back-off after a throttling answer; each next one while the answers go on doubles.</summary>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest back-off.</summary>
    public TimeSpan MaxThrottleBackoff { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ThrottleBackoff <= TimeSpan.Zero || MaxThrottleBackoff < ThrottleBackoff)
        {
            yield return new ValidationResult(
                "Sending:ThrottleBackoff must be positive and at most Sending:MaxThrottleBackoff.", [nameof(ThrottleBackoff)]);
        }

        foreach (var result in Limits.Validate().Concat(Window.Validate()))
        {
            yield return result;
        }
    }
}

/// <summary><c>Sending:Limits</c>: messages handed to the mail server in any rolling window; absent or 0 is no limit.</summary>
public sealed class SendingLimits
{
    public int PerMinute { get; set; }

    public int PerHour { get; set; }

    public int PerDay { get; set; }

    /// <summary>Each limit that is set, with its window, shortest window first.</summary>
    public IReadOnlyList<RollingLimit> Set =>
    [
        .. new[]
        {
            new RollingLimit(PerMinute, TimeSpan.FromMinutes(1)),
            new RollingLimit(PerHour, TimeSpan.FromHours(1)),
            new RollingLimit(PerDay, TimeSpan.FromDays(1)),
        }.Where(limit => limit.Messages > 0),
    ];

    internal IEnumerable<ValidationResult> Validate()
    {
        if (PerMinute < 0 || PerHour < 0 || PerDay < 0)
        {
            yield return new ValidationResult("Sending:Limits may not be negative (0 or absent is no limit).", [nameof(Limits)]);
        }
    }

    private const string Limits = "Limits";
}

/// <summary>At most <paramref name="Messages"/> messages go to the mail server in any <paramref name="Window"/>.</summary>
public readonly record struct RollingLimit(int Messages, TimeSpan Window);
