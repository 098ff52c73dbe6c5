using Majster.Core.Accounts;
using Majster.Core.Offers;

namespace Majster.Tests.Unit;

/// <summary>The text-direction rule in the fields the API tests cannot reach: the reply-to name, links, and the UI's checks.</summary>
[Trait("Category", "Unit")]
public sealed class TextDirectionRuleTests
{
    [Theory]
    [InlineData('\u202A')]
    [InlineData('\u202E')]
    [InlineData('\u2066')]
    [InlineData('\u2069')]
    public void EveryTextRule_RefusesATextDirectionCharacter(char character)
    {
        var user = new MajsterUser();
        var text = $"PKO Bank {character}kep";

        Assert.Equal(RuleText.TextDirection.Format("replyName"), user.SetSender(text, "anna@majster.local", null)?.Message);
        Assert.Null(user.ReplyName);
        Assert.Equal(RuleText.TextDirection.Format("companyName"), user.SetSender("Anna", null, text)?.Message);
        Assert.Null(user.CompanyName);
        Assert.Equal(RuleText.TextDirection.Format("subject"), OfferInputRules.CheckHeaderText("subject", text, 300)?.Message);
        Assert.Equal(RuleText.TextDirection.Format("message"), OfferInputRules.CheckMessage("message", "Dzień dobry,\n" + text)?.Message);
        Assert.Equal(RuleText.NotAUrl.Format("pdfUrl"), OfferInputRules.CheckUrl("pdfUrl", $"https://example.com/{character}fdp.exe")?.Message);
    }

    [Fact]
    public void RightToLeftText_ThatNeedsNoControlCharacters_IsAccepted()
    {
        Assert.Null(OfferInputRules.CheckHeaderText("subject", "עברית and English", 300));
        Assert.Null(OfferInputRules.CheckMessage("message", "مرحبا\nDzień dobry"));
    }
}
