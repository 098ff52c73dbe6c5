using System.Net.Sockets;
using Majster.Core.Email;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Health;

/// <summary>
/// Healthy while the SMTP server accepts a TCP connection on <c>Smtp:Host:Port</c> (within <see cref="ConnectTimeout"/>).
/// Otherwise the registration's failure status (degraded in the app: mail waits, the UI and the API still serve).
/// The answer is kept for <see cref="CacheFor"/>, so frequent probes do not hammer the mail server. Skipped (healthy)
/// in pickup-directory mode.
/// </summary>
internal sealed class SmtpHealthCheck(IOptions<SmtpOptions> options, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _probing = new(1, 1);
    private HealthCheckResult? _last;
    private long _checkedAt;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var smtp = options.Value;
        if (smtp.UsesPickupDirectory)
        {
            return HealthCheckResult.Healthy("Pickup-directory mode: no SMTP server to reach.");
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } cached && clock.GetElapsedTime(_checkedAt) < CacheFor)
            {
                return cached;
            }

            _last = await ProbeAsync(smtp.Host!, smtp.Port, context.Registration.FailureStatus, cancellationToken);
            _checkedAt = clock.GetTimestamp();
            return _last.Value;
        }
        finally
        {
            _probing.Release();
        }
    }

    private static async Task<HealthCheckResult> ProbeAsync(string host, int port, HealthStatus failure, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Host and port only: the exception text could carry more than a probe should publish.
            return new HealthCheckResult(failure, $"The SMTP server {host}:{port} does not accept connections.");
        }
    }
}
