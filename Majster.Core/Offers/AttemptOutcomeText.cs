namespace Majster.Core.Offers;

/// <summary>The text form of <see cref="AttemptOutcome"/> used in the database and on the wire.</summary>
public static class AttemptOutcomeText
{
    public const string Sent = "sent";
    public const string TransientFailure = "transient_failure";
    public const string PermanentFailure = "permanent_failure";

    public static string ToText(this AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Sent => Sent,
        AttemptOutcome.TransientFailure => TransientFailure,
        AttemptOutcome.PermanentFailure => PermanentFailure,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static AttemptOutcome Parse(string text) => text switch
    {
        Sent => AttemptOutcome.Sent,
        TransientFailure => AttemptOutcome.TransientFailure,
        PermanentFailure => AttemptOutcome.PermanentFailure,
        _ => throw new FormatException($"Unknown attempt outcome '{text}'."),
    };
}
