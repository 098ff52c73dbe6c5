using Majster.Core.Email;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Majster.Tests.Support;

/// <summary>
/// A DKIM key made with the openssl commands of docs/operations.md, in a folder of its own, and the DNS TXT record
/// those commands give; <see cref="Locator"/> answers a verifier's look-up from that record as DNS would.
/// </summary>
public sealed class DkimKeys : IDisposable
{
    public const string Domain = "majster.test";
    public const string Selector = "offers2026";

    private DkimKeys(string directory, string txt)
    {
        Directory = directory;
        TxtRecord = txt;
    }

    public string Directory { get; }
    public string PrivateKeyPath => Path.Combine(Directory, "dkim.pem");

    /// <summary>What to publish at <c>{Selector}._domainkey.{Domain}</c>.</summary>
    public string TxtRecord { get; }

    public DkimOptions Options => new() { Domain = Domain, Selector = Selector, PrivateKeyPath = PrivateKeyPath };

    public IDkimPublicKeyLocator Locator => new TxtLocator(TxtRecord);

    /// <param name="algorithm"><c>rsa</c> or <c>ed25519</c>.</param>
    public static async Task<DkimKeys> CreateAsync(string algorithm, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("majster-dkim-").FullName;
        string txt;
        if (algorithm == "rsa")
        {
            await Tool.RunAsync("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.pem", directory, cancellationToken);
            var p = await Tool.RunAsync("openssl pkey -in dkim.pem -pubout -outform DER | openssl base64 -A", directory, cancellationToken);
            txt = $"v=DKIM1; k=rsa; p={p.Trim()}";
        }
        else
        {
            await Tool.RunAsync("openssl genpkey -algorithm ed25519 -out dkim.pem", directory, cancellationToken);
            var p = await Tool.RunAsync("openssl pkey -in dkim.pem -pubout -outform DER | tail -c 32 | openssl base64 -A", directory, cancellationToken);
            txt = $"v=DKIM1; k=ed25519; p={p.Trim()}";
        }

        return new DkimKeys(directory, txt);
    }

    /// <summary>Whether <paramref name="message"/> carries exactly one DKIM signature, and it verifies.</summary>
    public async Task<bool> VerifiesAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        var signatures = message.Headers.Where(h => h.Id == MimeKit.HeaderId.DkimSignature).ToList();
        Assert.Single(signatures);
        return await new DkimVerifier(Locator).VerifyAsync(message, signatures[0], cancellationToken);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private sealed class TxtLocator(string txt) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            domain == Domain && selector == Selector ? GetPublicKey(txt) : throw new InvalidOperationException($"No key at {selector}._domainkey.{domain}.");

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(LocatePublicKey(methods, domain, selector, cancellationToken));
    }
}
