using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Majster.Admin.Health;

/// <summary>
/// systemd's notify protocol (the unit's <c>Type=notify</c> and <c>WatchdogSec=</c>), when systemd gives the process a
/// <c>NOTIFY_SOCKET</c>: <c>READY=1</c> once the app serves, <c>WATCHDOG=1</c> every half of <c>WATCHDOG_USEC</c> while
/// the scheduler's loop ticks (<see cref="SchedulerHealthCheck.Ticking"/>), <c>STOPPING=1</c> at shutdown. A frozen or
/// stuck process stops pinging, and systemd kills and restarts it after <c>WatchdogSec</c>.
/// </summary>
internal sealed partial class SystemdNotifier(
    IHostApplicationLifetime lifetime,
    SchedulerHealthCheck scheduler,
    TimeProvider clock,
    ILogger<SystemdNotifier> logger) : BackgroundService
{
    private readonly string? _socketPath = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(_socketPath))
        {
            return;
        }

        await WhenStartedAsync(stoppingToken);
        Send("READY=1");
        if (WatchdogInterval() is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            if (scheduler.Ticking)
            {
                Send("WATCHDOG=1");
            }
            else
            {
                LogNotTicking(logger);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(_socketPath))
        {
            Send("STOPPING=1");
        }

        await base.StopAsync(cancellationToken);
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    /// <summary>Half the watchdog's timeout, as systemd advises; null when the unit sets none or it is meant for another process.</summary>
    private static TimeSpan? WatchdogInterval()
    {
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (!string.IsNullOrEmpty(pid) && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec / 2.0)
            : null;
    }

    private void Send(string state)
    {
        // An abstract socket's name starts with '@', which stands for a leading NUL.
        var path = _socketPath![0] == '@' ? "\0" + _socketPath[1..] : _socketPath;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTo(Encoding.ASCII.GetBytes(state), new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException exception)
        {
            LogCannotNotify(logger, state, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduler has not ticked for two cron periods: no watchdog ping, so systemd restarts this process")]
    private static partial void LogNotTicking(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell systemd {State}: {Reason}")]
    private static partial void LogCannotNotify(ILogger logger, string state, string reason);
}
