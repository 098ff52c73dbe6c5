using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;

namespace Majster.Core.Email;

/// <summary>
/// Signs a finished offer e-mail with DKIM (<c>Smtp:Dkim</c>): relaxed/relaxed, over the headers a receiver shows or
/// threads by. Each signing draws a fresh signing context, so one signer serves every connection at once.
/// </summary>
public sealed class OfferEmailSigner : DkimSigner
{
    /// <summary>The signed headers; one that a message lacks is left out of the signature.</summary>
    public static readonly IReadOnlyList<string> SignedHeaders =
    [
        "From", "Reply-To", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
        OfferEmailComposer.OfferSendIdHeader,
    ];

    private const int MinimumRsaBits = 2048;
    private readonly string[] _headers = [.. SignedHeaders];
    private readonly TimeProvider _clock;

    private OfferEmailSigner(AsymmetricKeyParameter key, string domain, string selector, TimeProvider clock)
        : base(key, domain, selector, key is Ed25519PrivateKeyParameters ? DkimSignatureAlgorithm.Ed25519Sha256 : DkimSignatureAlgorithm.RsaSha256)
    {
        _clock = clock;
        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed;
    }

    /// <summary>The signer <paramref name="options"/> describe, or null when DKIM is not configured.</summary>
    public static OfferEmailSigner? Create(DkimOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsConfigured
            ? new OfferEmailSigner(LoadPrivateKey(options.PrivateKeyPath!), options.Domain!, options.Selector!, clock)
            : null;
    }

    /// <summary>
    /// Reads an RSA (at least 2048 bits) or Ed25519 private key from a PEM file (<c>PRIVATE KEY</c> or
    /// <c>RSA PRIVATE KEY</c>); throws <see cref="InvalidDataException"/> saying what is wrong with it.
    /// </summary>
    public static AsymmetricKeyParameter LoadPrivateKey(string path)
    {
        object? pem;
        try
        {
            using var reader = new StreamReader(path);
            pem = new PemReader(reader).ReadObject();
        }
        catch (Exception exception)
        {
            // Whatever stops the read (a missing file, no permission, broken PEM or ASN.1, a key under a password),
            // the key cannot sign: said once, at start, naming the file.
            throw new InvalidDataException($"cannot be read: {exception.Message}", exception);
        }

        var key = pem switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter { IsPrivate: true } single => single,
            _ => null,
        };
        return key switch
        {
            Ed25519PrivateKeyParameters => key,
            RsaKeyParameters rsa when rsa.Modulus.BitLength >= MinimumRsaBits => key,
            RsaKeyParameters rsa => throw new InvalidDataException($"holds an RSA key of {rsa.Modulus.BitLength} bits; DKIM keys need at least {MinimumRsaBits}."),
            _ => throw new InvalidDataException("holds no RSA or Ed25519 private key in PEM."),
        };
    }

    /// <summary>
    /// Signs <paramref name="message"/> as it now stands, replacing a signature it carries from before (a reused frame).
    /// The parts' transfer encodings are fixed first (7-bit), so that the relay gets the very body that was signed.
    /// </summary>
    public void Sign(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Headers.RemoveAll(HeaderId.DkimSignature);
        message.Prepare(EncodingConstraint.SevenBit);
        Sign(message, _headers);
    }

    protected override long GetTimestamp() => _clock.GetUtcNow().ToUnixTimeSeconds();
}
