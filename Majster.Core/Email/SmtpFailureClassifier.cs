using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

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
            DeliveryResult.Transient($"SMTP {(int)code}: {command.Message}", (int)code),
        AuthenticationException => DeliveryResult.Transient($"SMTP authentication failed: {exception.Message}"),
        SslHandshakeException => DeliveryResult.Transient($"TLS handshake failed: {exception.Message}"),
        SmtpProtocolException => DeliveryResult.Transient($"SMTP protocol error: {exception.Message}"),
        ServiceNotConnectedException => DeliveryResult.Transient("The SMTP connection was lost."),
        TimeoutException or OperationCanceledException => DeliveryResult.Transient("The SMTP server did not answer in time."),
        SocketException socket => DeliveryResult.Transient($"Could not reach the SMTP server: {socket.SocketErrorCode}"),
        IOException => DeliveryResult.Transient($"The SMTP connection failed: {exception.Message}"),
        _ => DeliveryResult.Transient($"Delivery failed: {exception.GetType().Name}: {exception.Message}"),
    };
}
