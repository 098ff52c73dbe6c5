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

        if (Timeout <= TimeSpan.Zero || IdleCheckAfter < TimeSpan.Zero)
        {
            yield return new ValidationResult("Smtp:Timeout must be positive and Smtp:IdleCheckAfter not negative.", [nameof(Timeout)]);
        }

        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Smtp:Password is required when Smtp:User is set.", [nameof(Password)]);
        }
    }
}
