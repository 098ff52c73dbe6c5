using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Majster.Core.Offers;

namespace Majster.Core.Email;

/// <summary>
/// Sorts delivery failures: an answer that the sender goes too fast or is over its quota is a throttle (every send
/// holds, no retry is charged); any other 5xx rejection of the recipient or the message is permanent (retrying cannot
/// help); other 4xx replies, timeouts, connection, TLS, authentication and protocol trouble are transient.
/// </summary>
public static partial class SmtpFailureClassifier
{
    public static DeliveryResult Classify(Exception exception) => exception switch
    {
        SmtpCommandException { StatusCode: var code } command when IsThrottle((int)code, command.Message) =>
            DeliveryResult.Throttled($"SMTP {(int)code}: {command.Message}", (int)code),
        SmtpCommandException { StatusCode: var code } command when (int)code >= 500 =>
            DeliveryResult.Permanent($"SMTP {(int)code}: {command.Message}", (int)code),
        SmtpCommandException { StatusCode: var code } command =>
            DeliveryResult.Transient($"SMTP {(int)code}: {command.Message}", smtpStatusCode: (int)code),
        AuthenticationException => DeliveryResult.Transient($"SMTP authentication failed: {exception.Message}", FailureKind.Authentication),
        SslHandshakeException => DeliveryResult.Transient($"TLS handshake failed: {exception.Message}", FailureKind.Tls),
        SmtpProtocolException => DeliveryResult.Transient($"SMTP protocol error: {exception.Message}", FailureKind.ConnectionLost),
        ServiceNotConnectedException => DeliveryResult.Transient("The SMTP connection was lost.", FailureKind.ConnectionLost),
        TimeoutException or OperationCanceledException => DeliveryResult.Transient("The SMTP server did not answer in time.", FailureKind.Timeout),
        SocketException socket => DeliveryResult.Transient($"Could not reach the SMTP server: {socket.SocketErrorCode}", FailureKind.ServerUnreachable),
        IOException => DeliveryResult.Transient($"The SMTP connection failed: {exception.Message}", FailureKind.ConnectionLost),
        _ => DeliveryResult.Transient($"Delivery failed: {exception.GetType().Name}: {exception.Message}"),
    };

    /// <summary>
    /// The answers that mean "slow down": <c>421</c> (the server closes the channel); <c>450</c>, <c>451</c> or
    /// <c>452</c> with an enhanced code <c>4.7.x</c> or words about rate, too many messages or connections; <c>554</c>
    /// (Exchange Online's <c>5.2.0</c>) with <c>SubmissionQuotaExceeded</c> or words about a quota.
    /// </summary>
    public static bool IsThrottle(int code, string? reply) => code switch
    {
        421 => true,
        450 or 451 or 452 => reply is not null && (ThrottledEnhancedCode().IsMatch(reply) || SlowDownWords().IsMatch(reply)),
        554 => reply is not null && QuotaWords().IsMatch(reply),
        _ => false,
    };

    [GeneratedRegex(@"(^|\s)4\.7\.\d{1,3}\b")]
    private static partial Regex ThrottledEnhancedCode();

    [GeneratedRegex(@"\brate\b|rate.?limit|too many (messages|connections|recipients|mails|emails)|throttl|slow down", RegexOptions.IgnoreCase)]
    private static partial Regex SlowDownWords();

    [GeneratedRegex(@"SubmissionQuotaExceeded|quota", RegexOptions.IgnoreCase)]
    private static partial Regex QuotaWords();
}
