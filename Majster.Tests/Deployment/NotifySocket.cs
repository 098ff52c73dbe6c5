using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Majster.Tests.Deployment;

/// <summary>
/// What systemd listens on for a <c>Type=notify</c> unit: a unix datagram socket whose path the process gets as
/// <c>NOTIFY_SOCKET</c>. Records every state the process sends (<c>READY=1</c>, <c>WATCHDOG=1</c>, …) with when it came.
/// </summary>
public sealed class NotifySocket : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly ConcurrentQueue<(string State, long At)> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    public NotifySocket()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"majster-notify-{Guid.NewGuid():N}.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _receiving = ReceiveAsync();
    }

    /// <summary>The socket's path, for <c>NOTIFY_SOCKET</c>.</summary>
    public string Path { get; }

    /// <summary>How many times <paramref name="state"/> came.</summary>
    public int Count(string state) => _received.Count(r => r.State == state);

    /// <summary>How long ago <paramref name="state"/> last came; null if never.</summary>
    public TimeSpan? SinceLast(string state) => _received.Where(r => r.State == state).Select(r => (long?)r.At).LastOrDefault() is { } at
        ? TimeProvider.System.GetElapsedTime(at)
        : null;

    /// <summary>Waits until <paramref name="state"/> has come <paramref name="times"/> times in all.</summary>
    public Task WaitForAsync(string state, int times, TimeSpan timeout) =>
        Support.Poll.UntilAsync(() => Task.FromResult(Count(state)), count => count >= times, timeout, $"{state} sent {times} times");

    private async Task ReceiveAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                foreach (var state in Encoding.ASCII.GetString(buffer, 0, length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    _received.Enqueue((state, TimeProvider.System.GetTimestamp()));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
        File.Delete(Path);
    }
}
