using Majster.Core.Email;
using Majster.Core.Inbound;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Majster.Tests.Integration.Inbound;

/// <summary>Every offer leaves with its own envelope sender (VERP), so its bounce names it; the From header stays as set.</summary>
[Trait("Category", "Integration")]
public sealed class EnvelopeSenderTests : IAsyncLifetime
{
    private SmtpTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SmtpTestServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("bounces@majster.test", "bounces+{0:N}@majster.test")]
    [InlineData(null, "offers+{0:N}@majster.local")]
    public async Task Send_UsesTheBounceAddressWithTheSendsToken_AsMailFrom(string? bounceAddress, string expected)
    {
        var smtp = EngineHarness.SmtpTo(_server.Port);
        await using var composer = new OfferEmailComposer(NullLoggerFactory.Instance, Options.Create(smtp), TimeProvider.System);
        await using var sender = new SmtpOfferEmailSender(
            Options.Create(smtp), Options.Create(new SchedulerOptions()), composer, TimeProvider.System,
            NullLogger<SmtpOfferEmailSender>.Instance, Options.Create(new MailOptions { BounceAddress = bounceAddress }));
        var id = Guid.NewGuid();

        var result = await sender.SendAsync(
            new OfferEmail(id, "jan@client.example", "Jan", "Offer: Kitchen", null, null, "Kitchen", 100m, "PLN", "en", null, null),
            TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryResult.Delivered, result);
        await _server.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, id), Assert.Single(_server.EnvelopeSenders));
        Assert.Equal("offers@majster.local", Assert.Single(_server.Accepted).From.Mailboxes.Single().Address);
    }
}
