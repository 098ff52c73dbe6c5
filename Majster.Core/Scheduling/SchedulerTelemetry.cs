using System.Diagnostics;
using System.Diagnostics.Metrics;
using Majster.Core.Email;
using Majster.Core.Offers;

namespace Majster.Core.Scheduling;

/// <summary>
/// The scheduler's metrics and traces: one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named
/// <see cref="Name"/>. Static, so the engine's hot path pays one counter add per event and nothing when no one listens;
/// the host's OpenTelemetry setup subscribes by name. The queue gauges live in <see cref="QueueGauges"/>.
/// </summary>
public static class SchedulerTelemetry
{
    public const string Name = "Majster.Scheduler";

    /// <summary>Tag on <see cref="Sends"/>: the attempt's outcome (sent, transient_failure, permanent_failure).</summary>
    public const string OutcomeTag = "outcome";

    public static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Sends = Meter.CreateCounter<long>(
        "majster.scheduler.sends", "{attempt}", "Delivery attempts, by outcome");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "majster.scheduler.retries", "{send}", "Transient failures that scheduled a retry");

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "majster.scheduler.failures", "{send}", "Sends marked failed (retries exhausted or rejected for good)");

    private static readonly Counter<long> Fenced = Meter.CreateCounter<long>(
        "majster.scheduler.fenced", "{send}", "Outcomes not written because the lease had expired and was taken over");

    private static readonly Histogram<double> Lateness = Meter.CreateHistogram<double>(
        "majster.scheduler.lateness", "ms", "How late a send went out: processed_at - scheduled_for");

    private static readonly Histogram<double> ClaimDuration = Meter.CreateHistogram<double>(
        "majster.scheduler.claim.duration", "ms", "Time one claim statement took");

    /// <summary>Counts one attempt's outcome and what it did to its row (written = the fenced update applied).</summary>
    public static void RecordOutcome(OfferSendOutcome outcome, bool written)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Sends.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome.Delivery.Outcome.ToText()));
        if (!written)
        {
            Fenced.Add(1);
            return;
        }

        switch (outcome.Status)
        {
            case OfferSendStatus.Sent when outcome.ProcessedAt is { } processedAt:
                Lateness.Record((processedAt - outcome.Claimed.ScheduledFor).TotalMilliseconds);
                break;
            case OfferSendStatus.Scheduled:
                Retries.Add(1);
                break;
            case OfferSendStatus.Failed:
                Failures.Add(1);
                break;
        }
    }

    /// <summary>
    /// Adds zero to every counter series the alert rules read, so that each is served from the first scrape on: a
    /// series whose first sample already counts the first failure shows Prometheus's <c>increase()</c> no rise.
    /// Called once the metrics exporter listens (a measurement no one listens to is dropped).
    /// </summary>
    public static void StartCountersAtZero()
    {
        foreach (var outcome in Enum.GetValues<AttemptOutcome>())
        {
            Sends.Add(0, new KeyValuePair<string, object?>(OutcomeTag, outcome.ToText()));
        }

        Retries.Add(0);
        Failures.Add(0);
        Fenced.Add(0);
    }

    public static void RecordClaim(TimeSpan duration) => ClaimDuration.Record(duration.TotalMilliseconds);
}
