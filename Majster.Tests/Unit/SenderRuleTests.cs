using Majster.Core.Accounts;
using Majster.Core.Offers;

namespace Majster.Tests.Unit;

/// <summary>How a person signs their offer e-mails: the name, address and company are taken together or not at all.</summary>
[Trait("Category", "Unit")]
public sealed class SenderRuleTests
{
    [Fact]
    public void SetSender_TakesTheCompanyTrimmed_AndABlankOneAsNone()
    {
        var user = new MajsterUser();

        Assert.Null(user.SetSender(" Anna Nowak ", null, "  Dachy Nowak Sp. z o.o. "));
        Assert.Equal(("Anna Nowak", "Dachy Nowak Sp. z o.o."), (user.ReplyName, user.CompanyName));
        Assert.Null(user.SetSender("Anna Nowak", null, "   "));
        Assert.Null(user.CompanyName);
    }

    [Theory]
    [InlineData("Dachy\nNowak", "ControlCharacters")]
    [InlineData("Dachy\u0007Nowak", "ControlCharacters")]
    [InlineData("x", "TooLong")]
    public void SetSender_RefusesABadCompany_AndChangesNothing(string company, string rule)
    {
        var user = new MajsterUser { ReplyName = "Anna", ReplyAddress = "anna@majster.local", CompanyName = "Majster" };
        company = rule == "TooLong" ? new string('x', OfferInputRules.MaxNameLength + 1) : company;

        var breach = user.SetSender("Jan", "jan@majster.local", company);

        Assert.Equal(("companyName", rule), (breach?.Field, breach?.Rule.Key));
        Assert.Equal(("Anna", "anna@majster.local", "Majster"), (user.ReplyName, user.ReplyAddress, user.CompanyName));
    }
}
