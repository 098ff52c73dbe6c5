using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Majster.Core.Inbound;

/// <summary>
/// Reads the bounce mailbox every <c>Mail:Inbound:PollInterval</c> while <c>Mail:Inbound:Host</c> is set, or as each
/// message arrives where the server offers IMAP IDLE (<c>Mail:Inbound:Idle</c>). A failed read
/// (the IMAP server away, a wrong password) is logged and tried again at the next interval; meanwhile
/// <see cref="InboundMailboxStatus"/> makes health Degraded.
/// </summary>
public sealed partial class BounceMailboxPoller(
    IOptions<MailOptions> options,
    BounceMailboxReader reader,
    InboundMailboxStatus status,
    TimeProvider clock,
    ILogger<BounceMailboxPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Inbound;
        if (!settings.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await reader.ReadAsync(settings.PollInterval, stoppingToken);
                if (pass is not null)
                {
                    InboundTelemetry.CountRead(completed: true);
                }

                status.Reached(clock.GetUtcNow());
                if (pass is { Idled: true })
                {
                    // The pass waited the interval with IMAP IDLE: read again at once, on a fresh connection.
                    continue;
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                InboundTelemetry.CountRead(completed: false);
                status.Failed(clock.GetUtcNow(), exception.Message);
                LogReadFailed(logger, settings.Host, exception.Message);
            }

            try
            {
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bounce mailbox at {Host} could not be read; trying again at the next interval: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string? host, string error);
}
