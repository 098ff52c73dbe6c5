using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Majster.Core.Offers;

namespace Majster.Core.Email;

/// <summary>
/// Sorts delivery failures: a 5xx rejection of the recipient or the message is permanent (retrying cannot help);
/// 4xx replies, timeouts, connection, TLS, authentication and protocol trouble are transient.
/// </summary>
public static class SmtpFailureClassifier
{
    public static DeliveryResult Classify(Exception exception) => exception switch
    {
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
}
