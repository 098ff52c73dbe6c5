using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Majster.Processes;
using Majster.Core;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Majster.Tests.Support;

/// <summary>What the test SMTP server answers to one message's DATA.</summary>
public abstract record SmtpReply
{
    /// <summary>250: accepted.</summary>
    public static readonly SmtpReply Accept = new Code(250, "Ok");

    /// <summary>A reply with this code, e.g. 421, 451 (transient) or 550 (permanent).</summary>
    public static SmtpReply WithCode(int code, string text) => new Code(code, text);

    /// <summary>The connection is closed without a reply, after the message was read.</summary>
    public static readonly SmtpReply Drop = new DropConnection();

    /// <summary>No reply at all until the server is disposed: the client must time out.</summary>
    public static readonly SmtpReply Stall = new StallReply();

    public sealed record Code(int Value, string Text) : SmtpReply;

    public sealed record DropConnection : SmtpReply;

    public sealed record StallReply : SmtpReply;
}

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port. It keeps every message it accepted, and a
/// test scripts its replies: the queued replies answer the next messages in order, then it accepts.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SmtpReply> _script = new();
    private readonly ConcurrentQueue<MimeMessage> _accepted = new();
    private readonly ConcurrentQueue<string> _envelopeSenders = new();
    private readonly ConcurrentQueue<DateTimeOffset> _acceptedAt = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _arrivals = new(0);
    private Task _running = Task.CompletedTask;
    private int _attempts;

    private SmtpTestServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Messages accepted with 250, in order of arrival.</summary>
    public IReadOnlyList<MimeMessage> Accepted => [.. _accepted];

    /// <summary>The envelope sender (MAIL FROM) of each message accepted with 250, in order of arrival.</summary>
    public IReadOnlyList<string> EnvelopeSenders => [.. _envelopeSenders];
    /// <summary>When each message was accepted, on <see cref="Clock"/>, in order of arrival.</summary>
    public IReadOnlyList<DateTimeOffset> AcceptedAt => [.. _acceptedAt];

    /// <summary>The clock <see cref="AcceptedAt"/> reads (a test's pinned clock, so the server counts as the engine's time runs).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Every DATA received, whatever the reply.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public static async Task<SmtpTestServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new SmtpTestServer(LoopbackPorts.Free());
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.tests.local")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new ScriptedStore(server));
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        await LoopbackListening.WaitUntilListeningAsync(server.Port, TimeSpan.FromSeconds(10), cancellationToken);
        return server;
    }

    /// <summary>Queues replies for the next messages.</summary>
    public void Script(params SmtpReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were accepted, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAcceptedAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (_accepted.Count < count)
            {
                await _arrivals.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Expected {count} accepted message(s) within {timeout}, got {_accepted.Count}.");
        }

        return Accepted;
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // The server was asked to stop.
        }

        _stop.Dispose();
        _arrivals.Dispose();
    }

    private sealed class ScriptedStore(SmtpTestServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref server._attempts);
            var reply = server._script.TryDequeue(out var next) ? next : SmtpReply.Accept;
            switch (reply)
            {
                case SmtpReply.StallReply:
                    await server._released.Task.WaitAsync(cancellationToken);
                    return new SmtpResponse((SmtpReplyCode)451, "Stalled");
                case SmtpReply.DropConnection:
                    // Close the socket under the session: the client sees the connection end with no reply.
                    ((IDisposable)context.Pipe).Dispose();
                    return new SmtpResponse((SmtpReplyCode)451, "Dropped");
                case SmtpReply.Code { Value: 250 }:
                    server._acceptedAt.Enqueue(server.Clock.GetUtcNow());
                    using (var stream = new MemoryStream(buffer.ToArray()))
                    {
                        server._envelopeSenders.Enqueue($"{transaction.From.User}@{transaction.From.Host}");
                        server._accepted.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
                    }

                    server._arrivals.Release();
                    return SmtpResponse.Ok;
                case SmtpReply.Code code:
                    return new SmtpResponse((SmtpReplyCode)code.Value, code.Text);
                default:
                    throw new InvalidOperationException($"Unknown reply {reply}.");
            }
        }
    }
}
