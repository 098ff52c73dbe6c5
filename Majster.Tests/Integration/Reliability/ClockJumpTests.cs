using Majster.Core.Email;
using Majster.Core.Offers;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Reliability;

/// <summary>The wall clock jumps (NTP step, VM resume): no send goes out early and no row is lost.</summary>
[Trait("Category", "Integration")]
public sealed class ClockJumpTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 10, 25, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Ticks_NeverSendEarly_WhenTheClockJumpsBackThenForward()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var due = Start.AddMinutes(10);
        var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, due, 30, Ct);
        var processor = engine.Processor();

        var before = await processor.RunTickAsync(Ct);
        engine.Clock.AdjustTime(Start.AddHours(-1));
        var afterBackwardJump = await processor.RunTickAsync(Ct);
        engine.Clock.AdjustTime(Start.AddHours(2));
        var afterForwardJump = await processor.RunTickAsync(Ct);

        Assert.Equal((0, 0, 30), (before.Found, afterBackwardJump.Found, afterForwardJump.Sent));
        var rows = await LoadAsync(sends.Select(s => s.Id));
        Assert.All(rows, r => Assert.Equal((OfferSendStatus.Sent, Start.AddHours(2)), (r.Status, r.ProcessedAt)));
        Assert.Equal(30, Smtp.Accepted.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Tick_WritesItsOutcomes_AndRetriesNoEarlier_WhenTheClockJumpsBackMidSend()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 4, Ct);
        Smtp.Script(SmtpReply.WithCode(451, "Try later"));
        var jumping = new ClockJumpingSender(engine.Sender(), () => engine.Clock.AdjustTime(Start.AddHours(-1)));

        var tick = await engine.Processor(sender: jumping).RunTickAsync(Ct);
        var retryAt = (await LoadAsync(sends.Select(s => s.Id))).Single(r => r.Status == OfferSendStatus.Scheduled).ScheduledFor!.Value;
        engine.Clock.AdjustTime(retryAt - TimeSpan.FromMilliseconds(1));
        var justBefore = await engine.Processor().RunTickAsync(Ct);
        engine.Clock.AdjustTime(retryAt);
        var onTime = await engine.Processor().RunTickAsync(Ct);

        // The lease is fenced by its owner and exact expiry, not by the time: the jump cannot orphan a claimed row.
        Assert.Equal((4, 3, 1), (tick.Found, tick.Sent, tick.Retried));
        Assert.Equal((0, 1), (justBefore.Found, onTime.Sent));
        var rows = await LoadAsync(sends.Select(s => s.Id));
        Assert.All(rows, r => Assert.Equal((OfferSendStatus.Sent, null), (r.Status, r.LockedBy)));
        Assert.Equal(4, Smtp.Accepted.Select(m => m.MessageId).Distinct().Count());
    }

    /// <summary>Moves the clock once, in the middle of the first send.</summary>
    private sealed class ClockJumpingSender(IOfferEmailSender inner, Action jump) : IOfferEmailSender
    {
        private int _jumped;

        public async Task<DeliveryResult> SendAsync(OfferEmail email, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _jumped, 1) == 0)
            {
                jump();
            }

            return await inner.SendAsync(email, cancellationToken);
        }
    }

    private async Task<List<OfferSend>> LoadAsync(IEnumerable<Guid> ids)
    {
        await using var db = Database.CreateContext(DatabaseConnection);
        var wanted = ids.ToList();
        return await db.OfferSends.AsNoTracking().Where(s => wanted.Contains(s.Id)).ToListAsync(Ct);
    }
}
