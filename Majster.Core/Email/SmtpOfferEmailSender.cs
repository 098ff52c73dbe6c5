using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Majster.Core.Email;

/// <summary>
/// Sends over SMTP with MailKit through a small pool of open, authenticated connections (at most
/// <c>Scheduler:SendConcurrency</c>), so a batch reuses connections instead of opening one per message.
/// <see cref="SmtpClient"/> is not thread-safe: each connection serves one message at a time, and fills its own
/// <see cref="OfferEmailFrame"/> with it (building MimeKit's message objects anew per message cost more than sending).
/// </summary>
public sealed partial class SmtpOfferEmailSender : IOfferEmailSender, IAsyncDisposable
{
    private readonly SmtpOptions _options;
    private readonly string _host;
    private readonly OfferEmailComposer _composer;
    private readonly TimeProvider _clock;
    private readonly ILogger<SmtpOfferEmailSender> _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<PooledConnection> _idle = [];

    /// <summary><c>Mail:BounceAddress</c>, else the From address: the envelope sender, with each send's VERP token.</summary>
    private readonly string _bounceAddress;

    public SmtpOfferEmailSender(
        IOptions<SmtpOptions> options,
        IOptions<Scheduling.SchedulerOptions> scheduler,
        OfferEmailComposer composer,
        TimeProvider clock,
        ILogger<SmtpOfferEmailSender> logger,
        IOptions<Inbound.MailOptions>? mail = null)
    {
        _options = options.Value;
        _bounceAddress = mail?.Value.BounceAddress is { Length: > 0 } bounce
            ? MailboxAddress.Parse(bounce).Address
            : MailboxAddress.Parse(_options.From).Address;
        _host = _options.Host ?? throw new InvalidOperationException("Smtp:Host is required for SMTP delivery.");
        _composer = composer;
        _clock = clock;
        _logger = logger;
        _slots = new SemaphoreSlim(scheduler.Value.SendConcurrency, scheduler.Value.SendConcurrency);
    }

    public async Task<DeliveryResult> SendAsync(OfferEmail email, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        PooledConnection? connection = null;
        try
        {
            connection = await AcquireAsync(cancellationToken);
            var message = await _composer.FillAsync(connection.Frame, email);
            var sender = new MailboxAddress("", Inbound.VerpAddress.For(_bounceAddress, email.OfferSendId));
            await connection.Client.SendAsync(message, sender, message.To.Mailboxes, cancellationToken);
            connection.LastUsed = _clock.GetTimestamp();
            return DeliveryResult.Delivered;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Abandoned mid-conversation: the session is in an unknown state and must not be reused.
            if (connection is not null)
            {
                await DiscardAsync(connection);
                connection = null;
            }

            throw;
        }
        catch (Exception exception)
        {
            var result = SmtpFailureClassifier.Classify(exception);
            LogDeliveryFailed(_logger, email.OfferSendId, result.Error);

            // A refused command leaves the session usable; anything else may have broken it.
            if (exception is not SmtpCommandException && connection is not null)
            {
                await DiscardAsync(connection);
                connection = null;
            }

            return result;
        }
        finally
        {
            if (connection is not null)
            {
                _idle.Add(connection);
            }

            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var connection))
        {
            await DiscardAsync(connection, quit: true);
        }

        _slots.Dispose();
    }

    /// <summary>An idle pooled connection that still answers, or a new one.</summary>
    private async Task<PooledConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var pooled))
        {
            if (pooled.Client.IsConnected && await StillAnswersAsync(pooled, cancellationToken))
            {
                return pooled;
            }

            await DiscardAsync(pooled);
        }

        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            var security = _options.Security switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(_host, _options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(_options.User))
            {
                await client.AuthenticateAsync(_options.User, _options.Password ?? "", cancellationToken);
            }

            return new PooledConnection(client, _composer.NewFrame()) { LastUsed = _clock.GetTimestamp() };
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A connection idle for a while may have been closed by the server: NOOP tells before a message is risked.</summary>
    private async Task<bool> StillAnswersAsync(PooledConnection pooled, CancellationToken cancellationToken)
    {
        if (_clock.GetElapsedTime(pooled.LastUsed) < _options.IdleCheckAfter)
        {
            return true;
        }

        try
        {
            await pooled.Client.NoOpAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task DiscardAsync(PooledConnection connection, bool quit = false)
    {
        try
        {
            if (quit && connection.Client.IsConnected)
            {
                await connection.Client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is IOException or SmtpProtocolException or SmtpCommandException or TimeoutException)
        {
            // Closing a connection that is already broken.
        }
        finally
        {
            connection.Client.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of offer send {OfferSendId} failed: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, Guid offerSendId, string? error);

    /// <summary>An open connection and the message frame it fills for each message it sends (one at a time).</summary>
    private sealed class PooledConnection(SmtpClient client, OfferEmailFrame frame)
    {
        public SmtpClient Client { get; } = client;
        public OfferEmailFrame Frame { get; } = frame;
        public long LastUsed { get; set; }
    }
}
