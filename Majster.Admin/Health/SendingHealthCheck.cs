using Majster.Core.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Majster.Admin.Health;

/// <summary>
/// Degraded while the mail server's back-off holds (it answered that the senders go too fast): mail waits, the UI and
/// the API work. Says until when and the server's reply. A pause is a person's choice, not ill health: the banner and
/// the alert say it.
/// </summary>
internal sealed class SendingHealthCheck(SendingPause sending, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await sending.GetAsync(cancellationToken);
        return state.IsThrottledAt(clock.GetUtcNow())
            ? HealthCheckResult.Degraded(
                $"Sending throttled by the mail server until {Majster.Core.Time.IsoInstant.Format(state.ThrottledUntil!.Value)}: {state.ThrottleReply}")
            : HealthCheckResult.Healthy();
    }
}
