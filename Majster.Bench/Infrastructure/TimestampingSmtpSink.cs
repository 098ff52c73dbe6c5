using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Majster.Core.Email;

namespace Majster.Bench.Infrastructure;

/// <summary>
/// A minimal SMTP server (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, with PIPELINING) that accepts every message
/// and records when each one was accepted, keyed by its <c>X-Majster-Offer-Send-Id</c> header: the instant taken
/// just before the final 250 is written, which is when the sender learns that the message was accepted. It keeps
/// no message bodies, so it stays far from being the bottleneck.
/// </summary>
internal sealed class TimestampingSmtpSink : IAsyncDisposable
{
    private static readonly byte[] Greeting = "220 sink.bench.local ESMTP\r\n"u8.ToArray();
    private static readonly byte[] EhloReply = "250-sink.bench.local\r\n250-PIPELINING\r\n250 8BITMIME\r\n"u8.ToArray();
    private static readonly byte[] Ok = "250 2.0.0 Ok\r\n"u8.ToArray();
    private static readonly byte[] StartData = "354 End data with <CR><LF>.<CR><LF>\r\n"u8.ToArray();
    private static readonly byte[] Bye = "221 2.0.0 Bye\r\n"u8.ToArray();
    private static readonly byte[] HeaderPrefix = Encoding.ASCII.GetBytes(OfferEmailComposer.OfferSendIdHeader + ":");

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _accepted = new();
    private readonly TimeProvider _clock;
    private readonly Task _accepting;
    private int _count;

    public TimestampingSmtpSink(TimeProvider clock)
    {
        _clock = clock;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>Messages accepted so far (with or without the header).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Acceptance instants by offer send id (the first acceptance of each).</summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset> Accepted => _accepted;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        try
        {
            await stream.WriteAsync(Greeting, _stop.Token);
            var session = new Session();
            while (true)
            {
                var read = await reader.ReadAsync(_stop.Token);
                var buffer = read.Buffer;
                var replies = new ArrayBufferWriter<byte>();
                var quit = false;
                while (!quit && TryReadLine(ref buffer, out var line))
                {
                    quit = Handle(session, line, replies);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (replies.WrittenCount > 0)
                {
                    await stream.WriteAsync(replies.WrittenMemory, _stop.Token);
                }

                if (quit || read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or SocketException)
        {
            // The client went away, or the sink is stopping.
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>Handles one line; returns true on QUIT.</summary>
    private bool Handle(Session session, ReadOnlySequence<byte> line, ArrayBufferWriter<byte> replies)
    {
        var bytes = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (session.InData)
        {
            if (bytes.SequenceEqual("."u8))
            {
                session.InData = false;
                var acceptedAt = _clock.GetUtcNow();
                Interlocked.Increment(ref _count);
                if (session.OfferSendId is { } id)
                {
                    _accepted.TryAdd(id, acceptedAt);
                }

                replies.Write(Ok);
            }
            else if (session.InHeaders)
            {
                if (bytes.IsEmpty)
                {
                    session.InHeaders = false;
                }
                else if (bytes.Length > HeaderPrefix.Length && Ascii.EqualsIgnoreCase(bytes[..HeaderPrefix.Length], HeaderPrefix)
                         && Guid.TryParse(Encoding.ASCII.GetString(bytes[HeaderPrefix.Length..]).Trim(), out var id))
                {
                    session.OfferSendId = id;
                }
            }

            return false;
        }

        var verb = bytes.Length >= 4 ? Encoding.ASCII.GetString(bytes[..4]).ToUpperInvariant() : "";
        switch (verb)
        {
            case "EHLO":
                replies.Write(EhloReply);
                break;
            case "DATA":
                session.InData = true;
                session.InHeaders = true;
                session.OfferSendId = null;
                replies.Write(StartData);
                break;
            case "QUIT":
                replies.Write(Bye);
                return true;
            default:
                // HELO, MAIL, RCPT, RSET, NOOP: all fine.
                replies.Write(Ok);
                break;
        }

        return false;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end.Value);
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r')
        {
            line = line.Slice(0, line.Length - 1);
        }

        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    private sealed class Session
    {
        public bool InData { get; set; }
        public bool InHeaders { get; set; }
        public Guid? OfferSendId { get; set; }
    }
}
