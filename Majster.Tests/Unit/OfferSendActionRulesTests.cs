using Majster.Core.Offers;

namespace Majster.Tests.Unit;

public sealed class OfferSendActionRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ForAll_IsWhatEverySendAllows_WithRescheduleCountingAsSchedule()
    {
        var pending = Send(OfferSendStatus.Pending);
        var scheduled = Send(OfferSendStatus.Scheduled);
        var failed = Send(OfferSendStatus.Failed);

        Assert.Equal(OfferSendAvailableActions.Schedule | OfferSendAvailableActions.SendNow, OfferSendActionRules.ForAll([pending, scheduled], Now));
        Assert.Equal(OfferSendAvailableActions.None, OfferSendActionRules.ForAll([pending, failed], Now));
        Assert.Equal(OfferSendAvailableActions.Retry, OfferSendActionRules.ForAll([failed, Send(OfferSendStatus.Failed)], Now));
        Assert.Equal(OfferSendAvailableActions.None, OfferSendActionRules.ForAll([], Now));
    }

    private static OfferSend Send(OfferSendStatus status) => new()
    {
        ClientEmail = "jan@example.com",
        Subject = "Oferta",
        Status = status,
        ScheduledFor = status == OfferSendStatus.Scheduled ? Now.AddHours(1) : null,
    };
}
