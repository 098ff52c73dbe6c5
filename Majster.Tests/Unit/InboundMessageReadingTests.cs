using Majster.Core.Inbound;
using Majster.Tests.Support;
using MimeKit;

namespace Majster.Tests.Unit;

/// <summary>Each mail system's way of saying what happened is read as the same outcome, matched to its send.</summary>
[Trait("Category", "Unit")]
public sealed class InboundMessageReadingTests
{
    private static readonly Guid SendId = Guid.Parse("6f1d2c3b-4a59-4e7f-8a1b-2c3d4e5f6a7b");

    [Fact]
    public void Read_IsBouncedByVerp_ForPostfix()
    {
        var reading = InboundMessageReading.Read(BounceFixtures.Parse(BounceFixtures.Postfix(SendId)));

        Assert.Equal(InboundOutcome.Bounced, reading.Outcome);
        Assert.Equal(SendId, reading.OfferSendId);
        Assert.Equal("5.1.1", reading.Status);
        Assert.Equal($"550 5.1.1 <{BounceFixtures.Client}>: Recipient address rejected: User unknown in virtual mailbox table", reading.Diagnostic);
        Assert.Equal(BounceFixtures.Client, reading.Recipient);
    }

    [Fact]
    public void Read_IsBouncedByTheAttachedOriginal_ForExchangeOnline()
    {
        var reading = InboundMessageReading.Read(BounceFixtures.Parse(BounceFixtures.ExchangeOnline(SendId)));

        Assert.Equal(InboundOutcome.Bounced, reading.Outcome);
        Assert.Equal(SendId, reading.OfferSendId);
        Assert.Equal("5.1.10", reading.Status);
        Assert.StartsWith("550 5.1.10 RESOLVER.ADR.RecipientNotFound", reading.Diagnostic);
        Assert.DoesNotContain("<script>", reading.Text);
    }

    [Fact]
    public void Read_IsBouncedByTheReturnedHeaders_ForGmail()
    {
        var reading = InboundMessageReading.Read(BounceFixtures.Parse(BounceFixtures.Gmail(SendId)));

        Assert.Equal(InboundOutcome.Bounced, reading.Outcome);
        Assert.Equal(SendId, reading.OfferSendId);
        Assert.Equal("5.1.1", reading.Status);
        Assert.StartsWith("550-5.1.1 The email account that you tried to reach does not exist.", reading.Diagnostic);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 12, 3, 0, TimeSpan.Zero), reading.Date);
    }

    [Fact]
    public void Read_IsBouncedByTheQuotedMessageId_ForQmailsPlainText()
    {
        var reading = InboundMessageReading.Read(BounceFixtures.Parse(BounceFixtures.Qmail(SendId)));

        Assert.Equal(InboundOutcome.Bounced, reading.Outcome);
        Assert.Equal(SendId, reading.OfferSendId);
        Assert.Equal("5.1.1", reading.Status);
        Assert.Equal(BounceFixtures.Client, reading.Recipient);
        Assert.Equal("Sorry, no mailbox here by that name. (#5.1.1)", reading.Diagnostic);
    }

    [Fact]
    public void Read_IsDelayed_WhenTheReportSaysDelayed()
    {
        var reading = InboundMessageReading.Read(BounceFixtures.Parse(BounceFixtures.Postfix(SendId, action: "delayed", status: "4.4.1")));

        Assert.Equal(InboundOutcome.Delayed, reading.Outcome);
        Assert.Equal("4.4.1", reading.Status);
        Assert.Equal(SendId, reading.OfferSendId);
    }

    [Fact]
    public void Read_IsAutoReplied_ForAnOutOfOffice()
    {
        var reading = InboundMessageReading.Read(BounceFixtures.Parse(BounceFixtures.OutOfOffice(SendId)));

        Assert.Equal(InboundOutcome.AutoReplied, reading.Outcome);
        Assert.Equal(SendId, reading.OfferSendId);
        Assert.Equal(BounceFixtures.Client, reading.From);
    }

    [Theory]
    [InlineData("Out of Office: Offer: Kitchen")]
    [InlineData("Automatyczna odpowiedź: Oferta")]
    public void Read_IsAutoReplied_ByTheSubjectAlone(string subject)
    {
        var message = BounceFixtures.Parse(BounceFixtures.Reply(SendId));
        message.Subject = subject;

        Assert.Equal(InboundOutcome.AutoReplied, InboundMessageReading.Read(message).Outcome);
    }

    [Fact]
    public void Read_IsReplied_ForAPersonsAnswer_AndKeepsTheMarkupAsText()
    {
        var reading = InboundMessageReading.Read(BounceFixtures.Parse(BounceFixtures.Reply(SendId)));

        Assert.Equal(InboundOutcome.Replied, reading.Outcome);
        Assert.Equal(SendId, reading.OfferSendId);
        Assert.Equal(BounceFixtures.Client, reading.From);
        Assert.Contains("<b>not bold</b>", reading.Text);
    }

    [Fact]
    public void Read_SaysNothing_ForMailThatIsNoneOfThese()
    {
        var message = new MimeMessage { Subject = "Newsletter" };
        message.From.Add(MailboxAddress.Parse("news@example.org"));
        message.Body = new TextPart("plain") { Text = "Buy now" };

        var reading = InboundMessageReading.Read(message);

        Assert.Null(reading.Outcome);
        Assert.Null(reading.OfferSendId);
    }

    [Fact]
    public void VerpAddress_CarriesTheSendId_AndIsFoundAgain()
    {
        var address = VerpAddress.For("bounces@majster.test", SendId);

        Assert.Equal($"bounces+{SendId:N}@majster.test", address);
        Assert.Equal(SendId, VerpAddress.Find($"To: <{address}>"));
    }
}
