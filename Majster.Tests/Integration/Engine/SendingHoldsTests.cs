using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Engine;

/// <summary>What holds every send: the mail server's throttling, a person's pause, and the sending hours; on a pinned clock.</summary>
[Trait("Category", "Integration")]
public sealed class SendingHoldsTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Throttled421ThreeTimes_ChargesNoRetry_AndSpacesTheAttemptsByTheDoublingBackOff()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();
        Smtp.Script(Enumerable.Repeat(SmtpReply.WithCode(421, "4.7.0 Too many messages, slow down"), 3).ToArray());
        var processor = engine.Processor();

        var startedAt = await TickUntilSentAsync(engine, processor);

        Assert.Equal([Start, Start.AddSeconds(60), Start.AddSeconds(180), Start.AddSeconds(420)], startedAt);
        var row = await LoadAsync(send.Id);
        Assert.Equal((OfferSendStatus.Sent, 0, Start), (row.Status, row.RetryCount, row.ScheduledFor));
        Assert.Equal(["throttled:421", "throttled:421", "throttled:421", null], row.Attempts.OrderBy(a => a.StartedAt).Select(a => a.Failure?.Code));
        Assert.Equal(3, row.Events.Count(e => e.Action == RetryPolicy.Throttled && e.StatusAfter == OfferSendStatus.Scheduled));
    }

    [Fact]
    public async Task SendWaits_SeesItsOwnInstancesPauseAtOnce_AndAnotherInstancesWithinTheStatesReuse()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();
        var gate = engine.Gate();
        var waits = new SendWaits(engine.Queue(), gate, engine.Clock);
        Assert.Null((await waits.ForAsync(send, Ct))?.WaitingFor);

        await engine.Pause(gate).PauseAsync("Wrong price list", until: null, "admin@example.com", Ct);
        Assert.Equal(WaitingFor.Paused, (await waits.ForAsync(send, Ct))?.WaitingFor);

        // Another instance resumes: this one answers from its read until the reuse has passed.
        await engine.Pause().ResumeAsync(Ct);
        Assert.Equal(WaitingFor.Paused, (await waits.ForAsync(send, Ct))?.WaitingFor);
        engine.Clock.Advance(SendWaits.StateReuse);
        Assert.Null((await waits.ForAsync(send, Ct))?.WaitingFor);
    }

    [Fact]
    public async Task QuotaAnswer_HoldsUntilTheRollingDayHasRoom_AndChargesNoRetry()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        engine.Sending.Limits.PerDay = 2;
        var processor = engine.Processor();
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct);
        await processor.RunTickAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromHours(1));
        var late = (await Seed.ScheduledSendsAsync(DatabaseConnection, engine.Clock.GetUtcNow(), engine.Clock.GetUtcNow(), 1, Ct)).Single();
        Smtp.Script(SmtpReply.WithCode(554, "5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException"));

        await processor.RunTickAsync(Ct);

        var state = await engine.Pause().GetAsync(Ct);
        // The server's quota proved to be one a day: the day has room when the first message leaves it.
        Assert.Equal(Start.AddDays(1), state.ThrottledUntil);
        Assert.Contains("SubmissionQuotaExceeded", state.ThrottleReply, StringComparison.Ordinal);
        engine.Clock.Advance(Start.AddDays(1) - engine.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await processor.RunTickAsync(Ct)).Found);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await processor.RunTickAsync(Ct)).Sent);
        var row = await LoadAsync(late.Id);
        Assert.Equal((OfferSendStatus.Sent, 0), (row.Status, row.RetryCount));
        Assert.Equal([AttemptOutcome.TransientFailure, AttemptOutcome.Sent], row.Attempts.OrderBy(a => a.StartedAt).Select(a => a.Outcome));
    }

    [Fact]
    public async Task Pause_HoldsEveryInstanceAcrossARestart_AndResumeSendsEachOnceInDueOrder()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var sends = new List<OfferSend>();
        for (var i = 0; i < 5; i++)
        {
            sends.AddRange(await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start.AddMinutes(i - 5), 1, Ct, subject: $"Due {i}"));
        }

        await engine.Pause().PauseAsync("Wrong price list", null, "admin@example.com", Ct);
        Assert.Equal(0, (await engine.Processor("instance-a").RunTickAsync(Ct)).Found);
        Assert.Equal(0, (await engine.Processor("instance-b").RunTickAsync(Ct)).Found);

        // A restart: new processors and a new pause service over the same database.
        await using var restarted = EngineHarness.Create(DatabaseConnection, Start.AddHours(2), smtp: EngineHarness.SmtpTo(Smtp.Port));
        var (a, b) = (restarted.Processor("instance-a"), restarted.Processor("instance-b"));
        Assert.Equal(0, (await Task.WhenAll(a.RunTickAsync(Ct), b.RunTickAsync(Ct))).Sum(t => t.Found));
        var paused = await restarted.Pause().GetAsync(Ct);
        Assert.Equal((true, Start, "admin@example.com", "Wrong price list"), (paused.Paused, paused.PausedAt, paused.PausedBy, paused.Reason));
        Assert.Equal(0, Smtp.Attempts);

        await restarted.Pause().ResumeAsync(Ct);
        await Task.WhenAll(a.RunTickAsync(Ct), b.RunTickAsync(Ct));

        var accepted = await Smtp.WaitForAcceptedAsync(5, TimeSpan.FromSeconds(10));
        Assert.Equal(5, Smtp.Attempts);
        Assert.Equal(sends.Select(s => s.Subject), accepted.Select(m => m.Subject).Order());
        await using var db = Database.CreateContext(DatabaseConnection);
        Assert.Equal(5, await db.OfferSendAttempts.CountAsync(Ct));
    }

    [Fact]
    public async Task PauseWithAnEnd_StopsHoldingAtThatInstant()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct);
        await engine.Pause().PauseAsync(null, Start.AddMinutes(30), "admin@example.com", Ct);
        var processor = engine.Processor();

        Assert.Equal(0, (await processor.RunTickAsync(Ct)).Found);
        Assert.Equal(Start.AddMinutes(30), await engine.Gate().NextChanceAsync(Start, Ct));
        engine.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, (await processor.RunTickAsync(Ct)).Sent);
    }

    /// <summary>Sending hours Mon–Fri 08:00–17:00 in Warsaw, with Poland's public holidays.</summary>
    [Theory]
    // Saturday before the clocks go forward (29 March 2026): Monday 08:00 CEST.
    [InlineData("2026-03-28T19:00:00Z", "2026-03-30T06:00:00Z")]
    // Friday after hours before the clocks go back (25 October 2026): Monday 08:00 CET.
    [InlineData("2026-10-23T16:30:00Z", "2026-10-26T07:00:00Z")]
    // Independence Day, Wednesday 11 November 2026: Thursday 08:00.
    [InlineData("2026-11-11T09:00:00Z", "2026-11-12T07:00:00Z")]
    // Easter Monday, 6 April 2026: Tuesday 08:00 CEST.
    [InlineData("2026-04-06T08:00:00Z", "2026-04-07T06:00:00Z")]
    public async Task SendOutsideTheSendingHours_WaitsForTheNextOpening(string due, string opening)
    {
        var (dueAt, opensAt) = (DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(opening, System.Globalization.CultureInfo.InvariantCulture));
        await using var engine = EngineHarness.Create(DatabaseConnection, dueAt, smtp: EngineHarness.SmtpTo(Smtp.Port));
        engine.Sending.Window.Days = "Mon,Tue,Wed,Thu,Fri";
        (engine.Sending.Window.From, engine.Sending.Window.To, engine.Sending.Window.Holidays) = (new TimeOnly(8, 0), new TimeOnly(17, 0), "PL");
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, dueAt, dueAt, 1, Ct)).Single();
        var processor = engine.Processor();

        Assert.Equal(0, (await processor.RunTickAsync(Ct)).Found);
        Assert.Equal(new SendExpectation(WaitingFor.Window, opensAt), await new SendWaits(engine.Queue(), engine.Gate(), engine.Clock).ForAsync(send, Ct));
        Assert.Equal(opensAt, await engine.Gate().NextChanceAsync(dueAt, Ct));
        engine.Clock.Advance(opensAt - dueAt - TimeSpan.FromSeconds(1));
        Assert.Equal(0, (await processor.RunTickAsync(Ct)).Found);
        engine.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await processor.RunTickAsync(Ct)).Sent);
    }

    /// <summary>Ticks as the waker would (at the gate's next chance) until the send goes out; the attempts' start instants.</summary>
    private async Task<List<DateTimeOffset>> TickUntilSentAsync(EngineHarness engine, OfferSendProcessor processor)
    {
        var gate = engine.Gate();
        for (var tick = 0; tick < 10 && Smtp.Accepted.Count == 0; tick++)
        {
            await processor.RunTickAsync(Ct);
            if (await gate.NextChanceAsync(engine.Clock.GetUtcNow(), Ct) is { } next && next > engine.Clock.GetUtcNow())
            {
                // A tick a second before the back-off ends claims nothing.
                engine.Clock.Advance(next - engine.Clock.GetUtcNow() - TimeSpan.FromSeconds(1));
                Assert.Equal(0, (await processor.RunTickAsync(Ct)).Found);
                engine.Clock.Advance(TimeSpan.FromSeconds(1));
            }
        }

        await using var db = Database.CreateContext(DatabaseConnection);
        return await db.OfferSendAttempts.OrderBy(a => a.StartedAt).Select(a => a.StartedAt).ToListAsync(Ct);
    }

    private async Task<OfferSend> LoadAsync(Guid id)
    {
        await using var db = Database.CreateContext(DatabaseConnection);
        return await db.OfferSends.AsNoTracking().Include(s => s.Attempts).Include(s => s.Events).SingleAsync(s => s.Id == id, Ct);
    }
}
