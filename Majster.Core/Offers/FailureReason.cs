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

    /// <summary>
    /// The mail server answered that the sender goes too fast or is over its quota: every send holds for a back-off,
    /// and this one is tried again first, with no retry charged.
    /// </summary>
    Throttled,
}

/// <summary>
/// A failure's kind and, for a mail server's reply, its SMTP status code: set where the failure happens, stored beside
/// the error's text as its <see cref="Code"/> (<c>failure</c> on sends, attempts and events), and translated by a UI.
/// The text stays what the API has always answered; nothing reads a kind from it.
/// </summary>
public readonly record struct FailureReason(FailureKind Kind, int? SmtpCode = null)
{
    /// <summary>The stored code of <see cref="FailureKind.Throttled"/>, which the sending limits' ledger leaves out.</summary>
    public const string ThrottledCode = "throttled";

    private static readonly Dictionary<FailureKind, string> Codes = new()
    {
        [FailureKind.SmtpDeferred] = "smtp_deferred",
        [FailureKind.SmtpRejected] = "smtp_rejected",
        [FailureKind.OutboxNotWritable] = "outbox_not_writable",
        [FailureKind.ServerUnreachable] = "server_unreachable",
        [FailureKind.Timeout] = "timeout",
        [FailureKind.ConnectionLost] = "connection_lost",
        [FailureKind.Authentication] = "authentication",
        [FailureKind.Tls] = "tls",
        [FailureKind.Template] = "template",
        [FailureKind.Interrupted] = "interrupted",
        [FailureKind.Other] = "other",
        [FailureKind.Throttled] = ThrottledCode,
    };

    private static readonly Dictionary<string, FailureKind> Kinds = Codes.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>A mail server's reply: deferred for 4xx, rejected for 5xx.</summary>
    public static FailureReason Smtp(int code) => new(code >= 500 ? FailureKind.SmtpRejected : FailureKind.SmtpDeferred, code);

    /// <summary>The stored form: the kind in snake_case, then <c>:</c> and the SMTP code when there is one (<c>smtp_rejected:550</c>).</summary>
    public string Code => SmtpCode is { } smtp
        ? Codes[Kind] + ":" + smtp.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Codes[Kind];

    /// <summary>The reason a stored <see cref="Code"/> names; an unknown kind is <see cref="FailureKind.Other"/>.</summary>
    public static FailureReason FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var kind = Kinds.GetValueOrDefault(colon < 0 ? code : code[..colon], FailureKind.Other);
        return colon >= 0 && int.TryParse(code.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var smtp)
            ? new FailureReason(kind, smtp)
            : new FailureReason(kind);
    }
}
