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

    private static readonly Counter<long> Throttles = Meter.CreateCounter<long>(
        "majster.scheduler.throttles", "{attempt}", "Throttling answers of the mail server, each of which backed off all sending");

    private static readonly Counter<long> Fenced = Meter.CreateCounter<long>(
        "majster.scheduler.fenced", "{send}", "Outcomes not written because the lease had expired and was taken over");

    /// <summary>Seconds, as Prometheus expects; buckets from a tenth of a second to an hour late.</summary>
    private static readonly Histogram<double> Lateness = Meter.CreateHistogram(
        "majster.scheduler.lateness", "s", "How late a send went out: processed_at - scheduled_for",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600] });

    /// <summary>Seconds; buckets from a millisecond to five seconds.</summary>
    private static readonly Histogram<double> ClaimDuration = Meter.CreateHistogram(
        "majster.scheduler.claim.duration", "s", "Time one claim statement took",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

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
                Lateness.Record((processedAt - outcome.Claimed.ScheduledFor).TotalSeconds);
                break;
            case OfferSendStatus.Scheduled when outcome.Delivery.IsThrottle:
                Throttles.Add(1);
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
        Throttles.Add(0);
    }

    public static void RecordClaim(TimeSpan duration) => ClaimDuration.Record(duration.TotalSeconds);
}
