using Majster.Core.Inbound;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Health;

/// <summary>
/// Degraded while this process's last read of the bounce mailbox failed (bounces wait in the mailbox; sending goes on);
/// healthy otherwise, and when no mailbox is configured.
/// </summary>
internal sealed class BounceMailboxHealthCheck(IOptions<MailOptions> options, InboundMailboxStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Inbound.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No bounce mailbox is configured (Mail:Inbound:Host)."));
        }

        var (since, error) = status.Unreachable;
        return Task.FromResult(since is { } from
            ? new HealthCheckResult(context.Registration.FailureStatus, $"The bounce mailbox has been unreachable since {from:yyyy-MM-ddTHH:mm:ssZ}: {error}")
            : HealthCheckResult.Healthy());
    }
}
