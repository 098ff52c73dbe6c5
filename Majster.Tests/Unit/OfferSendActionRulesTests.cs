using Majster.Core.Offers;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class OfferSendActionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allows_IsWhatTheSendAllows_WithRescheduleCountingAsSchedule()
    {
        var pending = Send(OfferSendStatus.Pending);
        var scheduled = Send(OfferSendStatus.Scheduled);
        var failed = Send(OfferSendStatus.Failed);

        Assert.True(OfferSendActionRules.Allows(pending, OfferSendAvailableActions.Schedule, Now));
        Assert.True(OfferSendActionRules.Allows(scheduled, OfferSendAvailableActions.Schedule, Now));
        Assert.True(OfferSendActionRules.Allows(scheduled, OfferSendAvailableActions.SendNow, Now));
        Assert.False(OfferSendActionRules.Allows(failed, OfferSendAvailableActions.SendNow, Now));
        Assert.False(OfferSendActionRules.Allows(pending, OfferSendAvailableActions.Cancel, Now));
        Assert.False(OfferSendActionRules.Allows(pending, OfferSendAvailableActions.None, Now));
    }

    [Fact]
    public void For_AllowsNothingWhileLeased_AndWhatTheStatusAllowsOnceTheLeaseRanOut()
    {
        var send = Send(OfferSendStatus.Scheduled);
        send.LockedUntil = Now.AddSeconds(1);

        Assert.Equal(OfferSendAvailableActions.None, OfferSendActionRules.For(send, Now));
        Assert.Equal(OfferSendActionRules.ByStatus(OfferSendStatus.Scheduled), OfferSendActionRules.For(send, Now.AddSeconds(1)));
    }

    [Fact]
    public void StatusesAllowing_NamesEachActionsSourceStatuses()
    {
        Assert.Equal(
            [OfferSendStatus.Pending, OfferSendStatus.Scheduled],
            OfferSendActionRules.StatusesAllowing(OfferSendAvailableActions.Schedule | OfferSendAvailableActions.Reschedule));
        Assert.Equal([OfferSendStatus.Scheduled], OfferSendActionRules.StatusesAllowing(OfferSendAvailableActions.Cancel));
        Assert.Equal([OfferSendStatus.Pending, OfferSendStatus.Scheduled], OfferSendActionRules.StatusesAllowing(OfferSendAvailableActions.SendNow));
        Assert.Equal([OfferSendStatus.Failed], OfferSendActionRules.StatusesAllowing(OfferSendAvailableActions.Retry));
    }

    private static OfferSend Send(OfferSendStatus status) => new()
    {
        ClientEmail = "jan@example.com",
        Subject = "Oferta",
        Status = status,
        ScheduledFor = status == OfferSendStatus.Scheduled ? Now.AddHours(1) : null,
    };
}
