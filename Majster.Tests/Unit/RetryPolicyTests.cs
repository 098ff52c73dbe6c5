using Majster.Core.Email;
using Majster.Core.Offers;
using Majster.Core.Scheduling;

namespace Majster.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Due = new(2026, 1, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Finished = Due.AddSeconds(2);
    private static readonly SchedulerOptions Options = new();

    [Theory]
    [InlineData(0, 60)]
    [InlineData(1, 120)]
    [InlineData(2, 240)]
    public void Decide_SchedulesTheNextRetryWithBackoff_WhenATransientFailureHasRetriesLeft(int retriesSoFar, int delaySeconds)
    {
        var outcome = RetryPolicy.Decide(Claimed(retriesSoFar), DeliveryResult.Transient("SMTP 451: busy", smtpStatusCode: 451), Due, Finished, Options);

        Assert.Equal(OfferSendStatus.Scheduled, outcome.Status);
        Assert.Equal(retriesSoFar + 1, outcome.RetryCount);
        Assert.Equal(Finished.AddSeconds(delaySeconds), outcome.ScheduledFor);
        Assert.Equal(Finished, outcome.LastRetryAt);
        Assert.Equal("SMTP 451: busy", outcome.ErrorMessage);
        Assert.Null(outcome.ProcessedAt);
        Assert.Equal(RetryPolicy.RetryScheduled, outcome.Action);
    }

    [Fact]
    public void Decide_FailsWithTheOriginalsWording_WhenTheRetriesAreSpent()
    {
        var outcome = RetryPolicy.Decide(Claimed(3), DeliveryResult.Transient("SMTP 451: busy", smtpStatusCode: 451), Due, Finished, Options);

        Assert.Equal(OfferSendStatus.Failed, outcome.Status);
        Assert.Equal(3, outcome.RetryCount);
        Assert.Equal("Max retries (3) exceeded. Last error: SMTP 451: busy", outcome.ErrorMessage);
    }

    [Fact]
    public void Decide_FailsAtOnceKeepingTheRetryCount_WhenTheFailureIsPermanent()
    {
        var outcome = RetryPolicy.Decide(Claimed(0), DeliveryResult.Permanent("SMTP 550: unknown user", 550), Due, Finished, Options);

        Assert.Equal((OfferSendStatus.Failed, 0), (outcome.Status, outcome.RetryCount));
        Assert.Contains("550", outcome.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_MarksSentWithProcessedAtAndNoError_WhenDelivered()
    {
        var outcome = RetryPolicy.Decide(Claimed(2), DeliveryResult.Delivered, Due, Finished, Options);

        Assert.Equal(OfferSendStatus.Sent, outcome.Status);
        Assert.Equal(Finished, outcome.ProcessedAt);
        Assert.Null(outcome.ErrorMessage);
        Assert.Equal(2, outcome.RetryCount);
    }

    [Fact]
    public void Decide_HonoursThePerRowMaximum_WhenARowAllowsNoRetries()
    {
        var outcome = RetryPolicy.Decide(Claimed(0, maxRetries: 0), DeliveryResult.Transient("timeout"), Due, Finished, Options);

        Assert.Equal(OfferSendStatus.Failed, outcome.Status);
        Assert.Equal("Max retries (0) exceeded. Last error: timeout", outcome.ErrorMessage);
    }

    private static ClaimedOfferSend Claimed(int retryCount, int maxRetries = 3)
    {
        var id = Guid.NewGuid();
        return new ClaimedOfferSend(id, Due, retryCount, maxRetries, Due.AddMinutes(1),
            new OfferEmail(id, "client@example.com", "Client", "Offer", null, null, "Title", 10m, "PLN", "pl", null, null));
    }
}
