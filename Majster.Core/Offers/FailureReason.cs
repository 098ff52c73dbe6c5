using System.Text.RegularExpressions;

namespace Majster.Core.Offers;

/// <summary>What kind of trouble stopped a send: a class people can act on, without the text's variable parts.</summary>
public enum FailureKind
{
    /// <summary>The mail server answered 4xx: it may accept the message later.</summary>
    SmtpDeferred,

    /// <summary>The mail server answered 5xx: it refuses the recipient or the message.</summary>
    SmtpRejected,

    /// <summary>The pickup folder (the outbox) is missing, is not a folder, or may not be written.</summary>
    OutboxNotWritable,

    /// <summary>The mail server could not be reached (refused, no route, unknown host).</summary>
    ServerUnreachable,

    /// <summary>The mail server did not answer in time.</summary>
    Timeout,

    /// <summary>The connection broke or the server spoke out of turn.</summary>
    ConnectionLost,

    /// <summary>The mail server refused the configured credentials.</summary>
    Authentication,

    /// <summary>The encrypted connection could not be set up (certificate, protocol).</summary>
    Tls,

    /// <summary>The e-mail could not be made from the offer (its template failed).</summary>
    Template,

    /// <summary>The process stopped while the message was being sent.</summary>
    Interrupted,

    /// <summary>Anything else; the raw text says what.</summary>
    Other,
}

/// <summary>A failure's kind and, for a mail server's reply, its SMTP status code.</summary>
public readonly partial record struct FailureReason(FailureKind Kind, int? SmtpCode = null)
{
    /// <summary>
    /// Sorts a stored error text (an attempt's or a send's) into its kind. The texts are this system's own (see
    /// <c>SmtpFailureClassifier</c>, <c>PickupDirectorySender</c>, <c>OfferSendProcessor</c>, <c>RetryPolicy</c>), so
    /// their leading words say the kind; what follows (paths, addresses, server wording) varies from send to send.
    /// </summary>
    public static FailureReason Classify(string error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = Wrapper().Replace(error, "");
        if (SmtpReply().Match(text) is { Success: true } reply)
        {
            var code = int.Parse(reply.Groups["code"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            return new FailureReason(code >= 500 ? FailureKind.SmtpRejected : FailureKind.SmtpDeferred, code);
        }

        return new FailureReason(Rules.FirstOrDefault(rule => text.Contains(rule.Words, StringComparison.OrdinalIgnoreCase)).Kind);
    }

    /// <summary>The words each kind's texts contain, checked in order; none matching is <see cref="FailureKind.Other"/>.</summary>
    private static readonly (string Words, FailureKind Kind)[] Rules =
    [
        ("Could not write ", FailureKind.OutboxNotWritable),
        ("DirectoryNotFoundException", FailureKind.OutboxNotWritable),
        ("UnauthorizedAccessException", FailureKind.OutboxNotWritable),
        ("OfferEmailTemplateException", FailureKind.Template),
        ("Could not reach the SMTP server", FailureKind.ServerUnreachable),
        ("Connection refused", FailureKind.ServerUnreachable),
        ("did not answer in time", FailureKind.Timeout),
        ("timed out", FailureKind.Timeout),
        ("TimeoutException", FailureKind.Timeout),
        ("authentication failed", FailureKind.Authentication),
        ("TLS handshake failed", FailureKind.Tls),
        ("SMTP connection was lost", FailureKind.ConnectionLost),
        ("SMTP connection failed", FailureKind.ConnectionLost),
        ("SMTP protocol error", FailureKind.ConnectionLost),
        ("Interrupted by shutdown", FailureKind.Interrupted),
        ("", FailureKind.Other),
    ];

    /// <summary>What <c>RetryPolicy</c> puts before the last attempt's error on a failed send.</summary>
    [GeneratedRegex(@"^(Permanent failure: |Max retries \(\d+\) exceeded\. Last error: )")]
    private static partial Regex Wrapper();

    /// <summary>"SMTP 451: …" as <c>SmtpFailureClassifier</c> writes it, or a bare reply line "451 4.7.1 …".</summary>
    [GeneratedRegex(@"^(SMTP )?(?<code>[45]\d\d)\b")]
    private static partial Regex SmtpReply();
}
