using Majster.Core.Email;
using Majster.Core.Offers;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Majster.Admin.Security;

/// <summary>The <c>Mail</c> section: which domains a person's Reply-To address may be at.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The domains a Reply-To address may be at (<c>Mail:ReplyToDomains:0</c>, …); none = the From address's domain.</summary>
    public IList<string> ReplyToDomains { get; } = [];
}

/// <summary>
/// Staff choose where clients' replies go, but only at the company's own domains: no one can put "PKO Bank
/// &lt;security@…&gt;" in front of their offers. The domains are <see cref="MailOptions.ReplyToDomains"/>, or the
/// domain of <see cref="SmtpOptions.From"/> when none are set.
/// </summary>
public sealed class ReplyToDomains(IOptions<MailOptions> mail, IOptions<SmtpOptions> smtp)
{
    /// <summary>The allowed domains, lower-case ASCII.</summary>
    public IReadOnlyList<string> Allowed { get; } = mail.Value.ReplyToDomains.Count > 0
        ? [.. mail.Value.ReplyToDomains.Select(Ascii)]
        : MailboxAddress.TryParse(smtp.Value.From, out var from) ? [Ascii(from.Domain)] : [];

    /// <summary>Null when <paramref name="address"/> is empty (no Reply-To of one's own) or at an allowed domain; else why not.</summary>
    public RuleBreach? Check(string field, string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        if (OfferInputRules.CheckEmail(field, address.Trim(), out var normalized) is { } invalid)
        {
            return invalid;
        }

        var domain = normalized[(normalized.LastIndexOf('@') + 1)..];
        return Allowed.Contains(domain, StringComparer.Ordinal) ? null : RuleText.ReplyToDomain.For(field, string.Join(",", Allowed));
    }

    private static string Ascii(string domain) =>
        OfferInputRules.CheckEmail("domain", "x@" + domain.Trim(), out var normalized) is null ? normalized[2..] : domain.Trim().ToLowerInvariant();
}
