using Bunit;
using Majster.Admin.Components.Pages.OfferSends;
using Majster.Core.Offers;
using Majster.Tests.Support;

namespace Majster.Tests.Components;

[Trait("Category", "Unit")]
public sealed class OfferSendRowActionsTests : MudTestContext
{
    [Fact]
    public void Compact_ShowsTheAllowedActionsAlone_EachNamedAsTooltipAndForScreenReaders()
    {
        var cut = Render<OfferSendRowActions>(p => p.Add(x => x.Send, Send(OfferSendStatus.Scheduled)).Add(x => x.Compact, true));

        Assert.Equal(["Reschedule", "Cancel", "Send now"], cut.FindAll("button").Select(b => b.GetAttribute("aria-label")));
        Assert.All(cut.FindAll("button"), b => Assert.Equal(b.GetAttribute("aria-label"), b.GetAttribute("title")));
    }

    [Theory]
    [InlineData(OfferSendStatus.Pending, new[] { "Schedule", "Send now" })]
    [InlineData(OfferSendStatus.Scheduled, new[] { "Reschedule", "Cancel", "Send now" })]
    [InlineData(OfferSendStatus.Failed, new[] { "Retry" })]
    [InlineData(OfferSendStatus.Sent, new string[0])]
    public void Render_OffersOnlyWhatTheStateMachineAllows(OfferSendStatus status, string[] offered)
    {
        var cut = Render<OfferSendRowActions>(p => p.Add(x => x.Send, Send(status)));

        Assert.Equal(offered, cut.FindAll("button").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void Render_OffersNothing_WhileAWorkerHoldsTheLease()
    {
        var send = Send(OfferSendStatus.Scheduled);
        send.LockedUntil = Clock.GetUtcNow().AddSeconds(30);
        send.LockedBy = "worker";

        Assert.Empty(Render<OfferSendRowActions>(p => p.Add(x => x.Send, send)).FindAll("button"));
        Assert.Empty(Render<OfferSendRowActions>(p => p.Add(x => x.Send, send).Add(x => x.Compact, true)).FindAll("button"));
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
    public void BulkBar_SaysHowManyEachActionIsFor_AndWhoAnActionForNoneIsFor()
    {
        var cut = Render<OfferSendBulkBar>(p => p
            .Add(x => x.Selected, [Send(OfferSendStatus.Sent), Send(OfferSendStatus.Scheduled), Send(OfferSendStatus.Pending)]));

        var buttons = cut.FindAll("button").Select(b => (Text: b.TextContent.Trim(), Enabled: !b.HasAttribute("disabled"), Why: b.ParentElement!.GetAttribute("title")));
        Assert.Equal(
        [
            ("Schedule (2 of 3)", true, "For sends that are: Pending, Scheduled"),
            ("Cancel (1 of 3)", true, "For sends that are: Scheduled"),
            ("Send now (2 of 3)", true, "For sends that are: Pending, Scheduled"),
            ("Retry", false, "For sends that are: Failed"),
        ], buttons);
    }

    [Fact]
    public void BulkBar_NamesEachActionPlainly_WhenItIsForEverySelectedRow()
    {
        var cut = Render<OfferSendBulkBar>(p => p.Add(x => x.Selected, [Send(OfferSendStatus.Failed), Send(OfferSendStatus.Failed)]));

        var enabled = cut.FindAll("button").Where(b => !b.HasAttribute("disabled")).Select(b => b.TextContent.Trim());
        Assert.Equal(["Retry"], enabled);
        Assert.Null(cut.FindAll("button").Single(b => b.TextContent.Trim() == "Retry").ParentElement!.GetAttribute("title"));
    }
}
