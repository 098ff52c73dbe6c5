namespace Majster.Core.Scheduling;

/// <summary>Why a send that may not go out yet waits. In the API: <c>limit</c>, <c>paused</c>, <c>window</c>, <c>throttled</c>.</summary>
public enum WaitingFor
{
    /// <summary>The rolling sending limits have no room yet.</summary>
    Limit,

    /// <summary>A person paused all sending.</summary>
    Paused,

    /// <summary>Outside the sending hours.</summary>
    Window,

    /// <summary>The mail server asked the senders to back off.</summary>
    Throttled,
}

/// <summary>What holds every due send, until when (null: until a person resumes, or never within a year).</summary>
public sealed record SendHold(WaitingFor Reason, DateTimeOffset? Until);

/// <summary>Why a send waits (null: it does not) and when it is expected to go out (null: not known, paused with no end).</summary>
public sealed record SendExpectation(WaitingFor? WaitingFor, DateTimeOffset? ExpectedAt);
