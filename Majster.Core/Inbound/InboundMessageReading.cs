using System.Text.RegularExpressions;
using Majster.Core.Email;
using MimeKit;

namespace Majster.Core.Inbound;

/// <summary>
/// What one inbound message says (<see cref="Outcome"/>, null when nothing this app acts on) and which send it names
/// (<see cref="OfferSendId"/>), read by <see cref="Read"/> from the message alone, with no database.
/// </summary>
public sealed partial record InboundMessageReading(
    InboundOutcome? Outcome,
    Guid? OfferSendId,
    string? Status,
    string? Diagnostic,
    string? Recipient,
    string? From,
    string? Subject,
    string? MessageId,
    DateTimeOffset? Date,
    string Text)
{
    public const int MaxTextLength = 4000;
    private const int MaxDiagnosticLength = 1000;

    /// <summary>
    /// Reads <paramref name="message"/>: a delivery status notification (RFC 3464) by its per-recipient
    /// <c>Action</c> and <c>Status</c>; a report without one (qmail's "failure notice") by the status in its text; an
    /// automatic reply by its headers (RFC 3834 <c>Auto-Submitted</c>, <c>X-Autoreply</c>,
    /// <c>X-Auto-Response-Suppress</c>) or subject; a person's reply by <c>In-Reply-To</c>/<c>References</c>. The
    /// send is named by the VERP token it was addressed to, then by our Message-ID in its references, the returned
    /// message or headers, or the quoted text.
    /// </summary>
    public static InboundMessageReading Read(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Cut(ReadableText(message), MaxTextLength);
        var from = message.From.Mailboxes.FirstOrDefault()?.Address;
        var date = message.Date == default ? (DateTimeOffset?)null : message.Date.ToUniversalTime();
        var report = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        var (outcome, status, diagnostic, recipient) = report is not null ? FromReport(report)
            : LooksLikeFailureNotice(message, from) ? FromFailureNotice(text)
            : IsAutoReply(message) ? (InboundOutcome.AutoReplied, null, null, null)
            : NamesOurMessage(message) ? (InboundOutcome.Replied, (string?)null, (string?)null, (string?)null)
            : ((InboundOutcome?)null, null, null, null);
        return new InboundMessageReading(
            outcome, FindSend(message, text), status, diagnostic is null ? null : Cut(diagnostic, MaxDiagnosticLength), recipient,
            from, message.Subject, message.MessageId, date, text);
    }

    private static (InboundOutcome?, string?, string?, string?) FromReport(MessageDeliveryStatus report)
    {
        (InboundOutcome?, string?, string?, string?) found = (null, null, null, null);
        foreach (var group in report.StatusGroups.Skip(1))
        {
            var action = group["Action"]?.Trim().ToLowerInvariant();
            var status = group["Status"]?.Trim();
            var diagnostic = Unfold(group["Diagnostic-Code"]);
            var recipient = AddressOf(group["Final-Recipient"] ?? group["Original-Recipient"]);
            if (action == "failed" && status?.StartsWith('5') == true)
            {
                return (InboundOutcome.Bounced, status, diagnostic, recipient);
            }

            if (found.Item1 is null && (action == "delayed" || status?.StartsWith('4') == true))
            {
                found = (InboundOutcome.Delayed, status, diagnostic, recipient);
            }
        }

        return found;
    }

    /// <summary>A bounce written as plain text: from a mailer daemon or postmaster, or with a failure subject.</summary>
    private static bool LooksLikeFailureNotice(MimeMessage message, string? from)
    {
        var subject = message.Subject ?? "";
        return from is not null && (from.StartsWith("mailer-daemon@", StringComparison.OrdinalIgnoreCase)
                || from.StartsWith("postmaster@", StringComparison.OrdinalIgnoreCase))
            || FailureSubject().IsMatch(subject);
    }

    private static (InboundOutcome?, string?, string?, string?) FromFailureNotice(string text)
    {
        var status = EnhancedStatus().Match(text);
        var code = status.Success ? status.Groups[1].Value : null;
        var said = RemoteHostSaid().Match(text);
        var diagnostic = said.Success ? said.Groups[1].Value.Trim()
            : status.Success ? LineAround(text, status.Index) : null;
        var recipient = QuotedRecipient().Match(text) is { Success: true } quoted ? quoted.Groups[1].Value : null;
        return (code?.StartsWith('4') == true ? InboundOutcome.Delayed : InboundOutcome.Bounced, code, diagnostic, recipient);
    }

    private static bool IsAutoReply(MimeMessage message)
    {
        var headers = message.Headers;
        var submitted = headers["Auto-Submitted"];
        return (submitted is not null && !submitted.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            || headers.Contains("X-Autoreply")
            || headers.Contains("X-Autorespond")
            || headers.Contains("X-Auto-Response-Suppress")
            || AutoReplySubject().IsMatch(message.Subject ?? "");
    }

    private static bool NamesOurMessage(MimeMessage message) =>
        message.InReplyTo is { } inReplyTo && OurMessageId().IsMatch(inReplyTo)
        || message.References.Any(reference => OurMessageId().IsMatch(reference));

    /// <summary>
    /// The send the message names: the VERP token it was addressed to, our Message-ID in its references, in a returned
    /// message's headers, or anywhere in its text (a quoted original or returned headers).
    /// </summary>
    private static Guid? FindSend(MimeMessage message, string text)
    {
        foreach (var header in new[] { "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To", "Cc" })
        {
            if (VerpAddress.Find(message.Headers[header]) is { } token)
            {
                return token;
            }
        }

        var candidates = new List<string?> { message.InReplyTo };
        candidates.AddRange(message.References);
        foreach (var part in message.BodyParts)
        {
            switch (part)
            {
                case MessagePart { Message: { } returned }:
                    candidates.Add(returned.MessageId);
                    candidates.Add(returned.Headers[OfferEmailComposer.OfferSendIdHeader]);
                    candidates.Add(returned.Headers["Return-Path"]);
                    break;
                case TextPart textPart:
                    candidates.Add(TextOf(textPart));
                    break;
            }
        }

        candidates.Add(text);
        foreach (var candidate in candidates)
        {
            if (SendIdIn(candidate) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private static Guid? SendIdIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (OurMessageId().Match(text) is { Success: true } messageId)
        {
            return Guid.Parse(messageId.Groups[1].Value);
        }

        if (SendIdHeader().Match(text) is { Success: true } header)
        {
            return Guid.Parse(header.Groups[1].Value);
        }

        return VerpAddress.Find(text);
    }

    /// <summary>The message's words as plain text: its text part, or its HTML with the markup dropped (never shown as HTML).</summary>
    private static string ReadableText(MimeMessage message)
    {
        if (message.TextBody is { } plain)
        {
            return plain;
        }

        return message.HtmlBody is { } html ? System.Net.WebUtility.HtmlDecode(Whitespace().Replace(Markup().Replace(html, " "), " ")).Trim() : "";
    }

    /// <summary>A part's text, or its raw bytes as text when its content cannot be decoded (say, an unknown charset).</summary>
    private static string TextOf(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        return System.Text.Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length);
    }

    private static string? AddressOf(string? typedAddress)
    {
        if (typedAddress is null)
        {
            return null;
        }

        var semicolon = typedAddress.IndexOf(';');
        return (semicolon >= 0 ? typedAddress[(semicolon + 1)..] : typedAddress).Trim().Trim('<', '>');
    }

    /// <summary>A folded header's value on one line, without its type prefix (<c>smtp;</c>).</summary>
    private static string? Unfold(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var line = Whitespace().Replace(value, " ").Trim();
        return line.StartsWith("smtp;", StringComparison.OrdinalIgnoreCase) ? line[5..].Trim() : line;
    }

    private static string LineAround(string text, int index)
    {
        var start = text.LastIndexOf('\n', index) + 1;
        var end = text.IndexOf('\n', index);
        return text[start..(end < 0 ? text.Length : end)].Trim();
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    [GeneratedRegex(@"offer-send\.([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})@", RegexOptions.CultureInvariant)]
    private static partial Regex OurMessageId();

    [GeneratedRegex(@"X-Majster-Offer-Send-Id:\s*([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SendIdHeader();

    [GeneratedRegex(@"\b([245]\.\d{1,3}\.\d{1,3})\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnhancedStatus();

    [GeneratedRegex(@"Remote host said:\s*(.+)", RegexOptions.CultureInvariant)]
    private static partial Regex RemoteHostSaid();

    [GeneratedRegex(@"^<([^<>\s]+@[^<>\s]+)>:", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex QuotedRecipient();

    [GeneratedRegex(@"failure notice|undeliver|delivery status notification \(failure\)|returned mail|mail delivery failed|niedostarczon",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex FailureSubject();

    [GeneratedRegex(@"out of (the )?office|automatic reply|auto-?reply|automatyczna odpowied[zź]|nieobecno[sś][cć]",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AutoReplySubject();

    [GeneratedRegex(@"<style[^>]*>.*?</style>|<script[^>]*>.*?</script>|<[^>]*>", RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
