using System.Diagnostics.Metrics;

namespace Majster.Core.Inbound;

/// <summary>
/// The bounce mailbox's metrics, on their own <see cref="Meter"/> named <see cref="Name"/>:
/// <c>majster_inbound_messages_total{outcome}</c> (bounced, delayed, replied, autoReplied, unmatched) and
/// <c>majster_inbound_reads_total{outcome}</c> (completed, failed: a read that could not reach or use the mailbox;
/// a read skipped because another instance holds the reader's lock is not counted).
/// </summary>
public static class InboundTelemetry
{
    public const string Name = "Majster.Inbound";
    public const string Unmatched = "unmatched";

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Messages = Meter.CreateCounter<long>(
        "majster.inbound.messages", "{message}", "Messages read from the bounce mailbox, by what they meant");

    private static readonly Counter<long> Reads = Meter.CreateCounter<long>(
        "majster.inbound.reads", "{read}", "Reads of the bounce mailbox, by outcome (completed, failed)");

    public static void Count(InboundOutcome? outcome) =>
        Messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome?.ToText() ?? Unmatched));

    public static void CountRead(bool completed) =>
        Reads.Add(1, new KeyValuePair<string, object?>("outcome", completed ? "completed" : "failed"));

    /// <summary>Serves every outcome's series from the first scrape on, so <c>increase()</c> sees the first bounce.</summary>
    public static void StartCountersAtZero()
    {
        foreach (var outcome in Enum.GetValues<InboundOutcome>())
        {
            Messages.Add(0, new KeyValuePair<string, object?>("outcome", outcome.ToText()));
        }

        Messages.Add(0, new KeyValuePair<string, object?>("outcome", Unmatched));
        Reads.Add(0, new KeyValuePair<string, object?>("outcome", "completed"));
        Reads.Add(0, new KeyValuePair<string, object?>("outcome", "failed"));
    }
}
