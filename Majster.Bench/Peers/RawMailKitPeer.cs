using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Majster.Bench.Peers;

/// <summary>
/// The physical limit: the same, already composed messages sent with bare MailKit over <c>connections</c> reused
/// connections, and nothing else (no database, no rendering, no bookkeeping).
/// </summary>
internal static class RawMailKitPeer
{
    public static async Task<TimeSpan> SendAllAsync(IReadOnlyList<MimeMessage> messages, int connections, int port, CancellationToken ct)
    {
        var next = -1;
        var clients = new List<SmtpClient>();
        try
        {
            for (var i = 0; i < connections; i++)
            {
                var client = new SmtpClient();
                clients.Add(client);
                await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None, ct);
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async client =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < messages.Count)
                {
                    await client.SendAsync(messages[index], ct);
                }
            }));
            return clock.Elapsed;
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisconnectAsync(quit: true, ct);
                client.Dispose();
            }
        }
    }
}
