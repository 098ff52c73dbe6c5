using Majster.Admin.Security;
using Majster.Core.Email;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Unit;

/// <summary>A Reply-To address only at the company's domains: the configured ones, else the From address's.</summary>
[Trait("Category", "Unit")]
public sealed class ReplyToDomainsTests
{
    [Theory]
    [InlineData("anna@majster.example", null)]
    [InlineData("Anna@MAJSTER.example", null)]
    [InlineData("", null)]
    [InlineData("security@bank.example", "replyAddress must be an address at majster.example.")]
    [InlineData("anna@sub.majster.example", "replyAddress must be an address at majster.example.")]
    public void WithoutConfiguredDomains_OnlyTheFromDomainIsAllowed(string address, string? expected) =>
        Assert.Equal(expected, Rule([]).Check("replyAddress", address)?.Message);

    [Fact]
    public void ConfiguredDomains_ReplaceTheFromDomain_InEitherSpellingOfAnInternationalName()
    {
        var rule = Rule(["biuro.example", "żółw.pl"]);

        Assert.Null(rule.Check("replyAddress", "anna@biuro.example"));
        Assert.Null(rule.Check("replyAddress", "anna@xn--w-uga1v8h.pl"));
        Assert.Equal("replyAddress must be an address at biuro.example,xn--w-uga1v8h.pl.", rule.Check("replyAddress", "anna@majster.example")?.Message);
    }

    private static ReplyToDomains Rule(string[] domains)
    {
        var mail = new MailOptions();
        foreach (var domain in domains)
        {
            mail.ReplyToDomains.Add(domain);
        }

        return new ReplyToDomains(Options.Create(mail), Options.Create(new SmtpOptions { From = "Majster <offers@majster.example>" }));
    }
}
