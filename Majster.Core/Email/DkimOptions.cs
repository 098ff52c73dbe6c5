namespace Majster.Core.Email;

/// <summary>
/// The <c>Smtp:Dkim</c> section: with all three set, every message is signed (relaxed/relaxed) with the key in
/// <see cref="PrivateKeyPath"/> for <see cref="Domain"/>, published in DNS at <c>{Selector}._domainkey.{Domain}</c>.
/// </summary>
public sealed class DkimOptions
{
    /// <summary>The signing domain (<c>d=</c>); receivers align it with the domain of <c>Smtp:From</c>.</summary>
    public string? Domain { get; set; }

    /// <summary>The selector (<c>s=</c>) naming the DNS record that holds the public key.</summary>
    public string? Selector { get; set; }

    /// <summary>A PEM file with an RSA (2048 bits or more) or Ed25519 private key.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Whether any key of the section is set (then all three must be).</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Domain) || !string.IsNullOrWhiteSpace(Selector) || !string.IsNullOrWhiteSpace(PrivateKeyPath);
}
