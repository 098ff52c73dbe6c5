using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Majster.Core.Email;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on loopback or a private network).</summary>
    None,

    /// <summary>Upgrade with STARTTLS; refuse to send if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

/// <summary>The <c>Smtp</c> section. With no <see cref="Host"/>, messages go to a pickup folder as <c>.eml</c> files.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Majster &lt;offers@majster.example&gt;</c>.</summary>
    [Required]
    public string From { get; set; } = "Majster <offers@majster.local>";

    /// <summary>The display name of <see cref="From"/> (the company a sender who names none signs with), or null.</summary>
    public string? FromDisplayName() =>
        MailboxAddress.TryParse(From, out var from) && from is MailboxAddress { Name.Length: > 0 } mailbox ? mailbox.Name : null;

    /// <summary>
    /// Where replies go when the send's owner has neither a reply address nor an account e-mail, e.g.
    /// <c>Biuro &lt;biuro@majster.example&gt;</c>; unset = no <c>Reply-To</c> then (replies go to <see cref="From"/>).
    /// </summary>
    public string? ReplyTo { get; set; }

    /// <summary>DKIM signing; unset = messages are not signed.</summary>
    public DkimOptions Dkim { get; set; } = new();

    /// <summary>The right-hand side of every Message-ID: <c>&lt;offer-send.{id}@{MessageIdDomain}&gt;</c>.</summary>
    [Required]
    public string MessageIdDomain { get; set; } = "majster.local";

    /// <summary>Per-command timeout (connect, each SMTP command, the message upload).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A pooled connection idle for longer than this is checked with NOOP before reuse.</summary>
    public TimeSpan IdleCheckAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The pickup folder when <see cref="Host"/> is empty; default: <c>{Database:DataDirectory}/outbox</c>.</summary>
    public string? PickupDirectory { get; set; }

    public bool UsesPickupDirectory => string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult($"Smtp:From '{From}' is not an e-mail address.", [nameof(From)]);
        }

        if (!string.IsNullOrWhiteSpace(ReplyTo) && !MailboxAddress.TryParse(ReplyTo, out _))
        {
            yield return new ValidationResult($"Smtp:ReplyTo '{ReplyTo}' is not an e-mail address.", [nameof(ReplyTo)]);
        }

        if (DkimProblem() is { } dkim)
        {
            yield return new ValidationResult(dkim, [nameof(Dkim)]);
        }

        if (Timeout <= TimeSpan.Zero || IdleCheckAfter < TimeSpan.Zero)
        {
            yield return new ValidationResult("Smtp:Timeout must be positive and Smtp:IdleCheckAfter not negative.", [nameof(Timeout)]);
        }

        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Smtp:Password is required when Smtp:User is set.", [nameof(Password)]);
        }
    }

    /// <summary>What keeps the DKIM settings from signing (a missing key of the section, a key file that is unusable), or null.</summary>
    private string? DkimProblem()
    {
        if (!Dkim.IsConfigured)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(Dkim.Domain) || string.IsNullOrWhiteSpace(Dkim.Selector) || string.IsNullOrWhiteSpace(Dkim.PrivateKeyPath))
        {
            return "Smtp:Dkim:Domain, Smtp:Dkim:Selector and Smtp:Dkim:PrivateKeyPath are all required to sign with DKIM.";
        }

        try
        {
            OfferEmailSigner.LoadPrivateKey(Dkim.PrivateKeyPath);
            return null;
        }
        catch (InvalidDataException exception)
        {
            return $"Smtp:Dkim:PrivateKeyPath '{Dkim.PrivateKeyPath}' {exception.Message}";
        }
    }
}
