using System.Net;
using System.Net.Sockets;

namespace Majster.Processes;

/// <summary>
/// Waiting for a server this code started in another process to accept connections.
/// </summary>
public static class LoopbackListening
{
    /// <summary>Polls until something accepts connections on <paramref name="port"/>, or fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await timer.WaitForNextTickAsync(deadline.Token);
            }
        }
    }
}
