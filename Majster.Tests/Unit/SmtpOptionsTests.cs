using System.ComponentModel.DataAnnotations;
using Majster.Core.Email;
using Majster.Tests.Support;

namespace Majster.Tests.Unit;

[Trait("Category", "Integration")]
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
    public async Task Validate_NamesTheKey_WhenItIsMissingNotAKeyLockedOrNotRsa2048OrEd25519()
    {
        using var keys = await DkimKeys.CreateAsync("rsa", Ct);
        var missing = Path.Combine(keys.Directory, "missing.pem");
        var notAKey = Path.Combine(keys.Directory, "not-a-key.pem");
        await File.WriteAllTextAsync(notAKey, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", Ct);
        await Tool.RunAsync("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out short.pem", keys.Directory, Ct);
        await Tool.RunAsync("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes256 -pass pass:secret -out locked.pem", keys.Directory, Ct);
        await Tool.RunAsync("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem", keys.Directory, Ct);

        foreach (var path in new[] { missing, notAKey, "short.pem", "locked.pem", "ec.pem" }.Select(name => Path.Combine(keys.Directory, name)))
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
