namespace Majster.Core.Inbound;

/// <summary>What a message that came back to the bounce mailbox says about the send it belongs to.</summary>
public enum InboundOutcome
{
    /// <summary>A delivery status notification with <c>Action: failed</c> and a 5.x.x status, or a plain-text failure notice: the address is suppressed.</summary>
    Bounced,

    /// <summary><c>Action: delayed</c> or a 4.x.x status: the receiving side is still trying; information only.</summary>
    Delayed,

    /// <summary>An automatic reply (out of office, RFC 3834): suppresses nothing.</summary>
    AutoReplied,

    /// <summary>A person answered the offer.</summary>
    Replied,
}

/// <summary>The outcomes' words on the wire, in the database and in <c>/metrics</c>.</summary>
public static class InboundOutcomeText
{
    public static string ToText(this InboundOutcome outcome) => outcome switch
    {
        InboundOutcome.Bounced => "bounced",
        InboundOutcome.Delayed => "delayed",
        InboundOutcome.AutoReplied => "autoReplied",
        InboundOutcome.Replied => "replied",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static InboundOutcome Parse(string text) =>
        TryParse(text, out var outcome) ? outcome : throw new ArgumentOutOfRangeException(nameof(text), text, "Not an inbound outcome.");

    /// <summary>The outcome a word names (<see cref="ToText"/>'s words, exactly), or false.</summary>
    public static bool TryParse(string? text, out InboundOutcome outcome)
    {
        var found = Enum.GetValues<InboundOutcome>().Where(o => o.ToText() == text).ToList();
        outcome = found.FirstOrDefault();
        return found.Count == 1;
    }

    /// <summary>
    /// Which outcome a send shows when several came back: a bounce or a person's reply outweighs a delay or an
    /// out-of-office; between equals, the later one.
    /// </summary>
    public static int Weight(this InboundOutcome outcome) => outcome is InboundOutcome.Bounced or InboundOutcome.Replied ? 1 : 0;
}

/// <summary>A report's status and diagnostic as one line, the status left out when the diagnostic already says it.</summary>
public static class ReportText
{
    public static string? Of(string? status, string? diagnostic) =>
        status is null ? diagnostic
        : diagnostic is null ? status
        : diagnostic.Contains(status, StringComparison.Ordinal) ? diagnostic
        : $"{status} {diagnostic}";
}
