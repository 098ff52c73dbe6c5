using Majster.Core.Email;
using Majster.Core.Inbound;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Integration.Inbound;

/// <summary>
/// A bounce written by a real MTA: the app's offer goes to a private Postfix, which relays it to a test server that
/// refuses it with 550 5.1.1; Postfix's own delivery status notification goes to the offer's VERP envelope sender and
/// is delivered into the Dovecot mailbox, where the app reads it as the send's bounce.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostfixBounceTests(InboundApp app) : IClassFixture<InboundApp>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SmtpTestServer _refusing = null!;
    private PostfixRelay _postfix = null!;

    public async ValueTask InitializeAsync()
    {
        _refusing = await SmtpTestServer.StartAsync(Ct);
        _postfix = await PostfixRelay.StartAsync(
            "client.example", _refusing.Port, BounceFixtures.Domain, await app.Imap.MaildirAsync(Ct), DovecotServer.MailUser, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _postfix.DisposeAsync();
        await _refusing.DisposeAsync();
    }

    [Fact]
    public async Task PostfixsOwnBounce_IsReadAsTheSendsBounce_AndSuppressesTheAddress()
    {
        var address = $"nobody-{Guid.NewGuid():N}@client.example";
        var (_, id) = await app.SentSendAsync(address);
        _refusing.Script(SmtpReply.WithCode(550, $"5.1.1 <{address}>: Recipient address rejected: User unknown"));
        var smtp = EngineHarness.SmtpTo(_postfix.Port);
        smtp.From = $"Majster <offers@{BounceFixtures.Domain}>";
        smtp.MessageIdDomain = BounceFixtures.Domain;
        await using var composer = new OfferEmailComposer(NullLoggerFactory.Instance, Options.Create(smtp), TimeProvider.System);
        await using var sender = new SmtpOfferEmailSender(
            Options.Create(smtp), Options.Create(new SchedulerOptions()), composer, TimeProvider.System, NullLogger<SmtpOfferEmailSender>.Instance,
            Options.Create(new MailOptions { BounceAddress = "bounces@" + BounceFixtures.Domain }));

        var accepted = await sender.SendAsync(
            new OfferEmail(id, address, "Jan", "Offer: Kitchen", null, null, "Kitchen", 100m, "PLN", "en", null, null), Ct);
        await Poll.UntilAsync(() => app.Imap.CountAsync("INBOX", Ct), count => count > 0, TimeSpan.FromSeconds(60), "Postfix's bounce in the mailbox");
        await app.ReadMailboxAsync();

        Assert.Equal(DeliveryResult.Delivered, accepted);
        await using var db = Database.CreateContext(app.ConnectionString);
        var delivery = await db.OfferSendDeliveries.AsNoTracking().SingleAsync(d => d.OfferSendId == id, Ct);
        Assert.Equal(InboundOutcome.Bounced, delivery.Outcome);
        Assert.Equal("5.1.1", delivery.Status);
        Assert.Contains("Recipient address rejected", delivery.Diagnostic);
        Assert.StartsWith("MAILER-DAEMON@", delivery.From, StringComparison.Ordinal);
        Assert.True(await db.Suppressions.AnyAsync(s => s.Address == address, Ct), _postfix.Log);
    }
}
