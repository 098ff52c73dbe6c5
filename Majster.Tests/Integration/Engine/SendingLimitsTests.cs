using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Engine;

/// <summary>The rolling limits on a pinned clock: the fleet's budget, counted where the messages arrive, and the expected instants.</summary>
[Trait("Category", "Integration")]
public sealed class SendingLimitsTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoProcessors_NeverExceedThePerMinuteLimitAtTheServer_AndKeepCloseToIt()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        engine.Sending.Limits.PerMinute = 10;
        Smtp.Clock = engine.Clock;
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 45, Ct);
        var (a, b) = (engine.Processor("instance-a"), engine.Processor("instance-b"));

        // Both instances tick together every 5 seconds of the pinned clock, as their wakers would.
        for (var step = 0; step < 100 && Smtp.Accepted.Count < 45; step++)
        {
            await Task.WhenAll(a.RunTickAsync(Ct), b.RunTickAsync(Ct));
            engine.Clock.Advance(TimeSpan.FromSeconds(5));
        }

        var arrivals = Smtp.AcceptedAt.Order().ToList();
        Assert.Equal(45, arrivals.Count);
        var busiest = arrivals.Max(from => arrivals.Count(t => t >= from && t < from + TimeSpan.FromMinutes(1)));
        Assert.Equal(10, busiest);
        // 10 at once, then 10 a minute: the 45th goes out 4 minutes after the first, within one 5-second step.
        Assert.InRange(arrivals[^1] - arrivals[0], TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(5));
        await using var db = Database.CreateContext(DatabaseConnection);
        Assert.Equal(45, await db.OfferSendAttempts.CountAsync(Ct));
        Assert.All(await db.OfferSends.ToListAsync(Ct), s => Assert.Equal((OfferSendStatus.Sent, 0), (s.Status, s.RetryCount)));
    }

    [Fact]
    public async Task ExpectedAt_IsRightForThe1st31stAnd61stSend_At30AMinute()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        engine.Sending.Limits.PerMinute = 30;
        Smtp.Clock = engine.Clock;
        var sends = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 61, Ct)).OrderBy(s => s.Id).ToList();
        var waits = new SendWaits(engine.Queue(), engine.Gate(), engine.Clock);

        var expected = await waits.ForAsync(sends, Ct);

        Assert.Equal(new SendExpectation(null, Start), expected[sends[0].Id]);
        Assert.Equal(new SendExpectation(WaitingFor.Limit, Start.AddMinutes(1)), expected[sends[30].Id]);
        Assert.Equal(new SendExpectation(WaitingFor.Limit, Start.AddMinutes(2)), expected[sends[60].Id]);

        // And the engine keeps to it: 30 now, none a second before the minute is over, 30 then, the last a minute later.
        var processor = engine.Processor();
        Assert.Equal(30, (await processor.RunTickAsync(Ct)).Sent);
        engine.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await processor.RunTickAsync(Ct)).Found);
        await using (var db = Database.CreateContext(DatabaseConnection))
        {
            var waiting = await db.OfferSends.AsNoTracking().Where(s => s.Status == OfferSendStatus.Scheduled).OrderBy(s => s.Id).ToListAsync(Ct);
            Assert.Equal(31, waiting.Count);
            Assert.Equal(new SendExpectation(WaitingFor.Limit, Start.AddMinutes(1)), await waits.ForAsync(waiting[0], Ct));
            Assert.Equal(new SendExpectation(WaitingFor.Limit, Start.AddMinutes(2)), await waits.ForAsync(waiting[30], Ct));
        }

        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(30, (await processor.RunTickAsync(Ct)).Sent);
        engine.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, (await processor.RunTickAsync(Ct)).Sent);
    }

    [Fact]
    public async Task NextChance_IsWhenTheWindowHasRoom_WhileTheLimitHoldsDueSends()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        engine.Sending.Limits.PerMinute = 2;
        Smtp.Clock = engine.Clock;
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 3, Ct);
        var gate = engine.Gate();

        await engine.Processor().RunTickAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(Start.AddMinutes(1), await gate.NextChanceAsync(engine.Clock.GetUtcNow(), Ct));
    }
}
