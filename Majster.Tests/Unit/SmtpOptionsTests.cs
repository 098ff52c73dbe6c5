using System.ComponentModel.DataAnnotations;
using Majster.Core.Email;
using Majster.Tests.Support;

namespace Majster.Tests.Unit;

public sealed class SmtpOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("rsa")]
    [InlineData("ed25519")]
    public async Task Validate_AcceptsADkimKeyMadeAsTheDocsSay(string algorithm)
    {
        using var keys = await DkimKeys.CreateAsync(algorithm, Ct);

        Assert.Empty(Validate(new SmtpOptions { Dkim = keys.Options, ReplyTo = "Biuro <biuro@majster.example>" }));
    }

    [Fact]
    public async Task Validate_NamesTheKey_WhenItIsMissingNotAKeyOrATooShortRsaKey()
    {
        using var keys = await DkimKeys.CreateAsync("rsa", Ct);
        var missing = Path.Combine(keys.Directory, "missing.pem");
        var notAKey = Path.Combine(keys.Directory, "not-a-key.pem");
        await File.WriteAllTextAsync(notAKey, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", Ct);
        await Tool.RunAsync("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out short.pem", keys.Directory, Ct);
        var tooShort = Path.Combine(keys.Directory, "short.pem");

        foreach (var path in (string[])[missing, notAKey, tooShort])
        {
            var options = new SmtpOptions { Dkim = new DkimOptions { Domain = DkimKeys.Domain, Selector = DkimKeys.Selector, PrivateKeyPath = path } };

            var error = Assert.Single(Validate(options));

            Assert.StartsWith($"Smtp:Dkim:PrivateKeyPath '{path}' ", error.ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_AsksForAllThreeDkimKeys_WhenOnlySomeAreSet()
    {
        var error = Assert.Single(Validate(new SmtpOptions { Dkim = new DkimOptions { Domain = "majster.example" } }));

        Assert.Contains("Smtp:Dkim:Selector", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesSmtpReplyTo_WhenItIsNotAnAddress()
    {
        var error = Assert.Single(Validate(new SmtpOptions { ReplyTo = "biuro at majster" }));

        Assert.Contains("Smtp:ReplyTo", error.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<ValidationResult> Validate(SmtpOptions options)
    {
        List<ValidationResult> results = [];
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
