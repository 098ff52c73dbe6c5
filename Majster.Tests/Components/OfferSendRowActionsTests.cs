using Bunit;
using Majster.Admin.Components.Pages.OfferSends;
using Majster.Core.Offers;
using Majster.Tests.Support;

namespace Majster.Tests.Components;

[Trait("Category", "Unit")]
public sealed class OfferSendRowActionsTests : MudTestContext
{
    [Fact]
    public void Compact_NamesEveryIconButtonForScreenReaders()
    {
        var cut = Render<OfferSendRowActions>(p => p.Add(x => x.Send, Send(OfferSendStatus.Scheduled)).Add(x => x.Compact, true));

        Assert.Equal(["Reschedule", "Cancel", "Send now", "Retry"], cut.FindAll("button").Select(b => b.GetAttribute("aria-label")));
    }

    [Theory]
    [InlineData(OfferSendStatus.Pending, new[] { "Schedule", "Send now" })]
    [InlineData(OfferSendStatus.Scheduled, new[] { "Reschedule", "Cancel", "Send now" })]
    [InlineData(OfferSendStatus.Failed, new[] { "Retry" })]
    [InlineData(OfferSendStatus.Sent, new string[0])]
    public void Render_EnablesOnlyWhatTheStateMachineAllows(OfferSendStatus status, string[] enabled)
    {
        var cut = Render<OfferSendRowActions>(p => p.Add(x => x.Send, Send(status)));

        var buttons = cut.FindAll("button").ToDictionary(b => b.TextContent.Trim(), b => !b.HasAttribute("disabled"));
        Assert.Equal(enabled.Order(), buttons.Where(b => b.Value).Select(b => b.Key).Order());
        Assert.Contains(buttons.Keys, name => name is "Schedule" or "Reschedule");
    }

    [Fact]
    public void Render_EnablesNothing_WhileAWorkerHoldsTheLease()
    {
        var send = Send(OfferSendStatus.Scheduled);
        send.LockedUntil = Clock.GetUtcNow().AddSeconds(30);
        send.LockedBy = "worker";

        var cut = Render<OfferSendRowActions>(p => p.Add(x => x.Send, send));

        Assert.All(cut.FindAll("button"), b => Assert.True(b.HasAttribute("disabled"), b.TextContent));
    }

    [Fact]
    public void Click_ReportsTheAction()
    {
        OfferSendAvailableActions? clicked = null;
        var cut = Render<OfferSendRowActions>(p => p
            .Add(x => x.Send, Send(OfferSendStatus.Scheduled))
            .Add(x => x.OnAction, (OfferSendAvailableActions a) => clicked = a));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        Assert.Equal(OfferSendAvailableActions.Cancel, clicked);
    }

    private static OfferSend Send(OfferSendStatus status) => new()
    {
        Id = Guid.NewGuid(),
        ClientEmail = "client@example.com",
        Subject = "Offer",
        Status = status,
    };

    [Fact]
    public void BulkBar_EnablesOnlyWhatEverySelectedRowAllows()
    {
        var cut = Render<OfferSendBulkBar>(p => p
            .Add(x => x.Count, 5)
            .Add(x => x.Allowed, OfferSendAvailableActions.Schedule | OfferSendAvailableActions.SendNow));

        var enabled = cut.FindAll("button").Where(b => !b.HasAttribute("disabled")).Select(b => b.TextContent.Trim()).ToList();

        Assert.Equal(["Schedule", "Send now"], enabled);
    }
}
