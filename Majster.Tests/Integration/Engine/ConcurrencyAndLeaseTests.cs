using Majster.Core.Accounts;
using Majster.Core.Email;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Engine;

/// <summary>Many processors on one database, expired leases, late writers, and the pickup folder.</summary>
[Trait("Category", "Integration")]
public sealed class ConcurrencyAndLeaseTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FourProcessorsTickingTogether_SendEveryRowExactlyOnce_AndLeaveNoLease()
    {
        const int rows = 2000;
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, rows, Ct);
        var processors = Enumerable.Range(1, 4).Select(i => engine.Processor($"instance-{i}")).ToList();

        var ticks = await Task.WhenAll(processors.Select(p => Task.Run(() => p.RunTickAsync(Ct), Ct)));

        Assert.Equal(rows, ticks.Sum(t => t.Sent));
        Assert.All(ticks, t => Assert.True(t.Found > 0, "every instance should have claimed a share"));
        var accepted = await Smtp.WaitForAcceptedAsync(rows, TimeSpan.FromSeconds(30));
        Assert.Equal(rows, accepted.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(rows, accepted.Count);
        await using var db = Database.CreateContext(DatabaseConnection);
        Assert.Equal(rows, await db.OfferSends.CountAsync(s => s.Status == OfferSendStatus.Sent, Ct));
        Assert.Equal(0, await db.OfferSends.CountAsync(s => s.LockedBy != null || s.LockedUntil != null, Ct));
        Assert.Equal(rows, await db.OfferSendAttempts.CountAsync(Ct));
    }

    [Fact]
    public async Task PeopleReschedulingOneRowAtOnce_LeaveOneEventPerChangeInAnUnbrokenChain()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start);
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start.AddDays(1), 1, Ct)).Single();
        var people = engine.People();
        var admin = new Actor(Guid.NewGuid(), IsAdmin: true);

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 16).Select(i =>
            Task.Run(() => people.ScheduleAsync(admin, send.Id, Start.AddDays(2).AddMinutes(i), ifVersions: null, Ct), Ct)));

        // Every change either won (and wrote its event) or was refused as a conflict; none was lost or doubled.
        Assert.All(outcomes, o => Assert.True(o.IsOk || o.Kind == OutcomeKind.Conflict, o.Error));
        await using var db = Database.CreateContext(DatabaseConnection);
        var events = await db.OfferSendEvents.AsNoTracking()
            .Where(e => e.OfferSendId == send.Id && e.Action == OfferSendActions.Reschedule).OrderBy(e => e.Id).ToListAsync(Ct);
        Assert.Equal(outcomes.Count(o => o.IsOk), events.Count);
        Assert.Equal(Start.AddDays(1), events[0].ScheduledForBefore);
        Assert.All(events.Zip(events.Skip(1)), pair => Assert.Equal(pair.First.ScheduledForAfter, pair.Second.ScheduledForBefore));
        var row = await db.OfferSends.AsNoTracking().SingleAsync(s => s.Id == send.Id, Ct);
        Assert.Equal(events[^1].ScheduledForAfter, row.ScheduledFor);
    }

    [Fact]
    public async Task ARowWhoseLeaseRanLowWhileItWaited_IsGivenBackUnsent()
    {
        var scheduler = new SchedulerOptions { LockTtl = TimeSpan.FromSeconds(10), SendConcurrency = 1 };
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, scheduler);
        var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 3, Ct);
        var slow = new ClockAdvancingSender(engine.Clock, TimeSpan.FromSeconds(6));

        var tick = await engine.Processor(sender: slow).RunTickAsync(Ct);

        // The first send took 6 s of the 10 s leases: the two rows still waiting had less than half left.
        Assert.Equal((3, 1, 2), (tick.Found, tick.Sent, tick.Skipped));
        Assert.Single(slow.Sent);
        await using var db = Database.CreateContext(DatabaseConnection);
        var rows = await db.OfferSends.AsNoTracking().Include(s => s.Attempts).Where(s => sends.Select(x => x.Id).Contains(s.Id)).ToListAsync(Ct);
        var givenBack = rows.Where(r => r.Id != slow.Sent.Single()).ToList();
        Assert.Equal(2, givenBack.Count);
        Assert.All(givenBack, r => Assert.Equal((OfferSendStatus.Scheduled, null, 0), (r.Status, r.LockedBy, r.Attempts.Count)));
    }

    private sealed class ClockAdvancingSender(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan duration) : IOfferEmailSender
    {
        public List<Guid> Sent { get; } = [];

        public Task<DeliveryResult> SendAsync(OfferEmail email, CancellationToken cancellationToken)
        {
            Sent.Add(email.OfferSendId);
            clock.Advance(duration);
            return Task.FromResult(DeliveryResult.Delivered);
        }
    }

    [Fact]
    public async Task AnExpiredLease_IsClaimedAgain_AndTheOldOwnersLateWriteIsFencedOut()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();

        // The old owner claims, then goes silent past its lease.
        var oldOwner = engine.Queue();
        var claimed = Assert.Single(await oldOwner.ClaimAsync(Start, 50, engine.Scheduler.LockTtl, "presumed-dead", Ct));
        Assert.Equal(0, (await engine.Processor("survivor").RunTickAsync(Ct)).Found);
        engine.Clock.Advance(engine.Scheduler.LockTtl + TimeSpan.FromSeconds(1));

        var tick = await engine.Processor("survivor").RunTickAsync(Ct);
        var staleOutcome = RetryPolicy.Decide(
            claimed, DeliveryResult.Permanent("late"), Start, engine.Clock.GetUtcNow(), engine.Scheduler);
        var written = await oldOwner.RecordAsync([staleOutcome], engine.Clock.GetUtcNow(), "presumed-dead", Ct);

        Assert.Equal(1, tick.Sent);
        Assert.Empty(written);
        await using var db = Database.CreateContext(DatabaseConnection);
        var row = await db.OfferSends.AsNoTracking().SingleAsync(s => s.Id == send.Id, Ct);
        Assert.Equal(OfferSendStatus.Sent, row.Status);
        Assert.Null(row.ErrorMessage);
        Assert.Single(await db.OfferSendEvents.Where(e => e.OfferSendId == send.Id).ToListAsync(Ct));
    }

    [Fact]
    public async Task Shutdown_AbandonsTheStalledSendWithinTheGraceAndReleasesEveryUnsentLease()
    {
        var scheduler = new SchedulerOptions { SendConcurrency = 1, ShutdownTimeout = TimeSpan.FromSeconds(2) };
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, scheduler, EngineHarness.SmtpTo(Smtp.Port, TimeSpan.FromMinutes(5)));
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 10, Ct);
        Smtp.Script(SmtpReply.Stall);
        using var stopping = new CancellationTokenSource();

        var tick = engine.Processor().RunTickAsync(stopping.Token);
        await Poll.UntilAsync(() => Task.FromResult(Smtp.Attempts), n => n >= 1, TimeSpan.FromSeconds(10), "the first message to reach the stalled server");
        var stoppedAt = System.Diagnostics.Stopwatch.StartNew();
        await stopping.CancelAsync();
        var result = await tick;

        Assert.True(stoppedAt.Elapsed < scheduler.ShutdownTimeout, $"the tick took {stoppedAt.Elapsed} to stop");
        Assert.Equal((10, 0, 1, 9), (result.Found, result.Sent, result.Retried, result.Skipped));
        await using var db = Database.CreateContext(DatabaseConnection);
        Assert.Equal(0, await db.OfferSends.CountAsync(s => s.LockedBy != null, Ct));
        Assert.Equal(9, await db.OfferSends.CountAsync(s => s.Status == OfferSendStatus.Scheduled && s.RetryCount == 0 && s.ScheduledFor == Start, Ct));
        var interrupted = await db.OfferSends.SingleAsync(s => s.RetryCount == 1, Ct);
        Assert.Contains("Interrupted by shutdown", interrupted.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_GivesBackTheBatchClaimedAheadWhileTheCurrentOneWasSending()
    {
        var scheduler = new SchedulerOptions { BatchSize = 4, SendConcurrency = 1, ShutdownTimeout = TimeSpan.FromSeconds(2) };
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, scheduler, EngineHarness.SmtpTo(Smtp.Port, TimeSpan.FromMinutes(5)));
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 10, Ct);
        Smtp.Script(SmtpReply.Stall);
        using var stopping = new CancellationTokenSource();

        var tick = engine.Processor().RunTickAsync(stopping.Token);
        await Poll.UntilAsync(() => Task.FromResult(Smtp.Attempts), n => n >= 1, TimeSpan.FromSeconds(10), "the first message to reach the stalled server");
        await using var db = Database.CreateContext(DatabaseConnection);
        await Poll.UntilAsync(() => db.OfferSends.CountAsync(s => s.LockedBy != null, Ct), n => n == 8, TimeSpan.FromSeconds(10),
            "the next batch to be claimed while the first one sends");
        await stopping.CancelAsync();
        var result = await tick;

        // Found counts every row claimed (both batches); all but the abandoned one are given back unsent.
        Assert.Equal((8, 0, 1, 7), (result.Found, result.Sent, result.Retried, result.Skipped));
        Assert.Equal(0, await db.OfferSends.CountAsync(s => s.LockedBy != null, Ct));
        Assert.Equal(9, await db.OfferSends.CountAsync(s => s.Status == OfferSendStatus.Scheduled && s.RetryCount == 0 && s.ScheduledFor == Start, Ct));
    }

    [Fact]
    public async Task AFailedOutcomeWrite_EndsTheTickWithItsError_SendsNothingMore_AndGivesBackEveryRowNotAttempted()
    {
        var scheduler = new SchedulerOptions { BatchSize = 4, SendConcurrency = 1 };
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, scheduler);
        await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 10, Ct);
        var sender = new BreakingSender(DatabaseConnection, deliveredBeforeHolding: scheduler.BatchSize);

        var tick = engine.Processor(sender: sender).RunTickAsync(Ct);
        // The first write, of the first batch's outcomes, fails (the sender made the database refuse attempts); the next
        // send is held until then.
        await Poll.UntilAsync(() => Task.FromResult(engine.LogLines), lines => lines.Any(l => l.StartsWith("Writing the outcomes", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "the failed write to be logged");
        sender.ReleaseHeldSends();

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => tick);
        // The next send normally starts before the write has failed; on a slow machine the worker may see the tick
        // stopped first.
        var attempted = sender.Attempted;
        Assert.InRange(attempted, scheduler.BatchSize, scheduler.BatchSize + 1);
        await using var db = Database.CreateContext(DatabaseConnection);
        // The attempted rows keep their lease (their outcome is unknown, so they are retried after the TTL); every
        // other row is free and untouched; nothing was recorded.
        Assert.Equal(attempted, await db.OfferSends.CountAsync(s => s.LockedBy != null, Ct));
        Assert.Equal(10 - attempted, await db.OfferSends.CountAsync(s => s.LockedBy == null && s.Status == OfferSendStatus.Scheduled && s.RetryCount == 0, Ct));
        Assert.Equal(0, await db.OfferSendAttempts.CountAsync(Ct));
    }

    /// <summary>
    /// Delivers; on its first send makes the database refuse every attempt row, and holds the sends after the first
    /// <paramref name="deliveredBeforeHolding"/>.
    /// </summary>
    private sealed class BreakingSender(string connectionString, int deliveredBeforeHolding) : IOfferEmailSender
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _attempted;

        public int Attempted => _attempted;

        public void ReleaseHeldSends() => _release.TrySetResult();

        public async Task<DeliveryResult> SendAsync(OfferEmail email, CancellationToken cancellationToken)
        {
            var attempt = Interlocked.Increment(ref _attempted);
            if (attempt == 1)
            {
                await using var connection = new Npgsql.NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new Npgsql.NpgsqlCommand(
                    "ALTER TABLE offer_send_attempts ADD CONSTRAINT test_refuses_attempts CHECK (false) NOT VALID", connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            else if (attempt > deliveredBeforeHolding)
            {
                await _release.Task.WaitAsync(cancellationToken);
            }

            return DeliveryResult.Delivered;
        }
    }

    [Fact]
    public async Task PickupMode_WritesOneEmlPerSendWithTheSameHeaders()
    {
        var outbox = Path.Combine(Path.GetTempPath(), "majster-outbox-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: new SmtpOptions { PickupDirectory = outbox });
            var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 3, Ct);

            var tick = await engine.Processor().RunTickAsync(Ct);

            Assert.Equal(3, tick.Sent);
            var files = Directory.GetFiles(outbox);
            Assert.Equal(sends.Select(s => $"{s.Id}.eml").Order(), files.Select(Path.GetFileName).Order());
            foreach (var send in sends)
            {
                var message = await MimeKit.MimeMessage.LoadAsync(Path.Combine(outbox, $"{send.Id}.eml"), Ct);
                Assert.Equal($"offer-send.{send.Id}@majster.local", message.MessageId);
                Assert.Equal(send.Id.ToString(), message.Headers[OfferEmailComposer.OfferSendIdHeader]);
                Assert.Equal(send.Subject, message.Subject);
                Assert.NotNull(message.HtmlBody);
                Assert.NotNull(message.TextBody);
            }
        }
        finally
        {
            if (Directory.Exists(outbox))
            {
                Directory.Delete(outbox, recursive: true);
            }
        }
    }
}
