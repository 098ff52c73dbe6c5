namespace Majster.Core.Inbound;

/// <summary>How the bounce mailbox answered this process's last read, for the health check.</summary>
public sealed class InboundMailboxStatus
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _unreachableSince;
    private string? _error;

    /// <summary>Since when every read has failed; null while the last one succeeded (or none ran yet).</summary>
    public (DateTimeOffset? Since, string? Error) Unreachable
    {
        get
        {
            lock (_gate)
            {
                return (_unreachableSince, _error);
            }
        }
    }

    public DateTimeOffset? LastReadAt { get; private set; }

    public void Reached(DateTimeOffset at)
    {
        lock (_gate)
        {
            _unreachableSince = null;
            _error = null;
            LastReadAt = at;
        }
    }

    public void Failed(DateTimeOffset at, string error)
    {
        lock (_gate)
        {
            _unreachableSince ??= at;
            _error = error;
        }
    }
}
