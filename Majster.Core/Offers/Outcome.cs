namespace Majster.Core.Offers;

/// <summary>How an action on an offer or offer send ended, for the cases a caller must tell apart.</summary>
public enum OutcomeKind
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>The input breaks a rule; the error says which.</summary>
    Invalid,

    /// <summary>No such row, or not the caller's.</summary>
    NotFound,

    /// <summary>The row is in a state that does not allow the action (wrong status, or leased by a worker).</summary>
    Conflict,

    /// <summary>The caller asked for the action only on a version of the row that is no longer the current one.</summary>
    Stale,
}

/// <summary>
/// The result of an action: a value when <see cref="OutcomeKind.Ok"/>, else an error a client can show, and the rule
/// broken when the input broke one (for a UI to say it in the person's language).
/// </summary>
public readonly record struct Outcome<T>(OutcomeKind Kind, T? Value, string? Error, RuleBreach? Breach = null)
    where T : class
{
    public bool IsOk => Kind == OutcomeKind.Ok;

    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, null);
    public static Outcome<T> Invalid(string error) => new(OutcomeKind.Invalid, null, error);
    public static Outcome<T> Invalid(RuleBreach breach) => new(OutcomeKind.Invalid, null, breach?.Message, breach);
    public static Outcome<T> NotFound(string error) => new(OutcomeKind.NotFound, null, error);
    public static Outcome<T> Conflict(string error) => new(OutcomeKind.Conflict, null, error);
    public static Outcome<T> Stale(string error) => new(OutcomeKind.Stale, null, error);
}
