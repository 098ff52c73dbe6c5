using Majster.Core.Inbound;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Inbound;

/// <summary>
/// With IMAP IDLE (Dovecot offers it), the poller reads a message as it arrives, not at the next interval: the test's
/// clock never moves, so a poller that only waited for its interval would never read the second message.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BounceMailboxIdleTests(IdleInboundApp app) : IClassFixture<IdleInboundApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReply_IsReadAsItArrives_WhileThePollerWaitsWithIdle()
    {
        var first = await DeliverReplyAsync();
        await Poll.UntilAsync(() => app.DeliveryAsync(first), d => d is not null, TimeSpan.FromSeconds(30), "the first reply read");

        // The poller has read once and now waits; its interval (on the test's clock) never ends.
        var second = await DeliverReplyAsync();
        var delivery = await Poll.UntilAsync(() => app.DeliveryAsync(second), d => d is not null, TimeSpan.FromSeconds(30), "the second reply read as it arrived");
        Assert.Equal(InboundOutcome.Replied, delivery!.Outcome);
        Assert.Equal(0, await app.Imap.CountAsync("INBOX", Ct));
    }

    private async Task<Guid> DeliverReplyAsync()
    {
        var address = $"idle-{Guid.NewGuid():N}@client.example";
        var (_, id) = await app.SentSendAsync(address);
        await app.DeliverAsync(BounceFixtures.Reply(id).Replace(BounceFixtures.Client, address));
        return id;
    }
}
