using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace Majster.Core.Inbound;

/// <summary>Where mail comes back to (<c>Mail:*</c>): the envelope sender of every offer and the mailbox the app reads.</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    /// <summary>
    /// The MAIL FROM (Return-Path) of every offer, where servers send their bounces; empty = <c>Smtp:From</c>. Each
    /// send's own token is added to its local part (VERP, <see cref="VerpAddress"/>).
    /// </summary>
    public string? BounceAddress { get; set; }

    public InboundMailOptions Inbound { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(BounceAddress) && !MailboxAddress.TryParse(BounceAddress, out _))
        {
            yield return new ValidationResult($"Mail:BounceAddress '{BounceAddress}' is not an e-mail address.", [nameof(BounceAddress)]);
        }

        if (Inbound.PollInterval < MinPollInterval)
        {
            yield return new ValidationResult($"Mail:Inbound:PollInterval must be at least {MinPollInterval}.", ["Inbound.PollInterval"]);
        }
    }

    /// <summary>The shortest wait between reads of the mailbox.</summary>
    public static readonly TimeSpan MinPollInterval = TimeSpan.FromSeconds(1);
}

/// <summary>The IMAP mailbox the bounces and replies land in (<c>Mail:Inbound:*</c>); off while <see cref="Host"/> is empty.</summary>
public sealed class InboundMailOptions
{
    public string? Host { get; set; }

    /// <summary>0 = the usual port for <see cref="Security"/> (993 for SslOnConnect, else 143).</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    public InboundSecurity Security { get; set; } = InboundSecurity.Auto;
    public string? Username { get; set; }
    public string? Password { get; set; }

    [Required]
    public string Folder { get; set; } = "INBOX";

    /// <summary>Where a message that was understood goes.</summary>
    [Required]
    public string ProcessedFolder { get; set; } = "Processed";

    /// <summary>Where a message that belongs to no send, or cannot be read, goes.</summary>
    [Required]
    public string UnmatchedFolder { get; set; } = "Unmatched";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Between reads, waits with IMAP IDLE where the server offers it, so that a message is read as it arrives; the
    /// wait still ends every <see cref="PollInterval"/> with a fresh connection.
    /// </summary>
    public bool Idle { get; set; } = true;

    /// <summary>A message larger than this is not parsed: it goes to <see cref="UnmatchedFolder"/> as it is.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxMessageBytes { get; set; } = 10 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>How the IMAP connection is secured (MailKit's <c>SecureSocketOptions</c>).</summary>
public enum InboundSecurity
{
    None,
    StartTls,
    SslOnConnect,
    Auto,
}
