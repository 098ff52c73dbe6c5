using Majster.Core.Offers;

namespace Majster.Tests.Unit;

/// <summary>The one e-mail address rule (<see cref="OfferInputRules.CheckEmail(string, string?, out string)"/>) the API and the UI share.</summary>
[Trait("Category", "Unit")]
public sealed class EmailAddressRuleTests
{
    [Theory]
    [InlineData("jan@example.com", "jan@example.com")]
    [InlineData("jan@żółw.pl", "jan@xn--w-uga1v8h.pl")]
    [InlineData("jan@xn--w-uga1v8h.pl", "jan@xn--w-uga1v8h.pl")]
    [InlineData("jan@ŻÓŁW.pl", "jan@xn--w-uga1v8h.pl")]
    [InlineData("Jan.Kowalski@Example.COM", "Jan.Kowalski@example.com")]
    [InlineData("a+tag@sub.example.co.uk", "a+tag@sub.example.co.uk")]
    public void CheckEmail_AcceptsAndNormalisesTheDomainToAscii(string input, string stored)
    {
        Assert.Null(OfferInputRules.CheckEmail("email", input, out var normalized));
        Assert.Equal(stored, normalized);
    }

    [Fact]
    public void CheckEmail_AcceptsALocalPartOf64_AndADomainOf255()
    {
        var label = new string('d', 63);
        var domain = $"{label}.{label}.{label}.{new string('e', 60)}.pl";
        Assert.Equal(255, domain.Length);

        Assert.Null(OfferInputRules.CheckEmail("email", new string('a', 64) + "@" + domain));
    }

    [Theory]
    [InlineData("local part of 65", "LOCAL65@example.com", "at most 64")]
    [InlineData("domain of 257", "jan@DOMAIN257", "at most 255")]
    [InlineData("IPv4 literal", "jan@[192.0.2.1]", "address literal")]
    [InlineData("IPv6 literal", "jan@[IPv6:2001:db8::1]", "address literal")]
    [InlineData("no dot", "jan@localhost", "not a valid")]
    [InlineData("underscore in the domain", "jan@ex_ample.com", "not a valid")]
    [InlineData("empty label", "jan@example..com", "not a valid")]
    [InlineData("display name", "Jan <jan@example.com>", "not a valid")]
    [InlineData("two addresses", "a@example.com,b@example.com", "not a valid")]
    [InlineData("line break", "jan@example.com\r\nBcc: x@example.com", "not a valid")]
    [InlineData("no local part", "@example.com", "not a valid")]
    [InlineData("no domain", "jan@", "not a valid")]
    [InlineData("blank", " ", "required")]
    public void CheckEmail_Refuses(string name, string input, string words)
    {
        input = input.Replace("LOCAL65", new string('a', 65), StringComparison.Ordinal)
            .Replace("DOMAIN257", string.Join('.', Enumerable.Repeat(new string('d', 63), 4)) + ".p", StringComparison.Ordinal);

        var error = OfferInputRules.CheckEmail("email", input, out var normalized);

        Assert.True(error is not null, name);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.Equal("", normalized);
    }
}
