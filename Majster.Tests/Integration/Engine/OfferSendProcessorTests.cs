using Majster.Core.Inbound;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Majster.Tests.Integration.Engine;

/// <summary>One tick at a time on a pinned clock, against real PostgreSQL and the scripted SMTP server.</summary>
[Trait("Category", "Integration")]
public sealed class OfferSendProcessorTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunTick_SendsOnceWithTheStableMessageIdAndRecordsTheAttempt_WhenASendIsDue()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();

        var tick = await engine.Processor().RunTickAsync(Ct);

        Assert.Equal((1, 1, 0, 0), (tick.Found, tick.Sent, tick.Retried, tick.MarkedFailed));
        var message = Assert.Single(await Smtp.WaitForAcceptedAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal($"offer-send.{send.Id}@majster.local", message.MessageId);
        Assert.Equal(send.Id.ToString(), message.Headers["X-Majster-Offer-Send-Id"]);
        var row = await LoadAsync(send.Id);
        Assert.Equal(OfferSendStatus.Sent, row.Status);
        Assert.Equal(Start, row.ProcessedAt);
        Assert.Null(row.LockedBy);
        Assert.Null(row.LockedUntil);
        var attempt = Assert.Single(row.Attempts);
        Assert.Equal((1, AttemptOutcome.Sent, "test-instance"), (attempt.AttemptNumber, attempt.Outcome, attempt.Instance));
        Assert.Contains($"[scheduler-worker] Running scheduler tick at 2026-03-02T08:00:00.000Z", engine.LogLines);
        Assert.Contains("[scheduler-worker] Found 1 offers due for processing", engine.LogLines);
        Assert.Contains($"[scheduler-worker] Successfully processed offer {send.Id}", engine.LogLines);
        Assert.Contains(row.Events, e => e.Action == "sent" && e.Actor == OfferSendEvent.SchedulerActor && e.StatusAfter == OfferSendStatus.Sent);
    }

    [Fact]
    public async Task RunTick_CountsItselfCompleted_AndFailedWithTheErrorType_WhenTheDatabaseIsAway()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var nowhere = $"Host=127.0.0.1;Port={Majster.Core.LoopbackPorts.Free()};Database=gone;Username=gone;Password=gone;Timeout=5";
        await using var away = EngineHarness.Create(nowhere, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        using var ticks = new MetricCollector<long>(engine.Meters, SchedulerTelemetry.Name, TickMetrics.Instrument);
        using var failedTicks = new MetricCollector<long>(away.Meters, SchedulerTelemetry.Name, TickMetrics.Instrument);

        await engine.Processor().RunTickAsync(Ct);
        await Assert.ThrowsAsync<Npgsql.NpgsqlException>(() => away.Processor().RunTickAsync(Ct));

        var completed = Assert.Single(ticks.GetMeasurementSnapshot());
        Assert.Equal((1, TickMetrics.Completed), (completed.Value, completed.Tags[SchedulerTelemetry.OutcomeTag]));
        var failed = Assert.Single(failedTicks.GetMeasurementSnapshot());
        Assert.Equal((1, TickMetrics.Failed), (failed.Value, failed.Tags[SchedulerTelemetry.OutcomeTag]));
        Assert.Equal(nameof(Npgsql.NpgsqlException), failed.Tags[TickMetrics.ErrorTypeTag]);
    }

    [Fact]
    public async Task RunTick_RecordsAFailedAttemptAndSchedulesTheRetry_WhenTheSenderThrows()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();
        var status = new SchedulerStatus();

        var tick = await engine.Processor(sender: new ThrowingSender(), status: status).RunTickAsync(Ct);

        Assert.Equal((1, 0, 1), (tick.Found, tick.Sent, tick.Retried));
        Assert.Null(status.Failing);
        var row = await LoadAsync(send.Id);
        Assert.Equal((OfferSendStatus.Scheduled, 1, Start.AddMinutes(1)), (row.Status, row.RetryCount, row.ScheduledFor));
        var attempt = Assert.Single(row.Attempts);
        Assert.Equal(AttemptOutcome.TransientFailure, attempt.Outcome);
        Assert.Equal("InvalidOperationException: The template could not be rendered.", attempt.Error);
    }

    [Fact]
    public async Task RunTick_RecordsAFailedAttempt_WhenThePickupFolderHasBecomeAFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "majster-outbox-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: new Majster.Core.Email.SmtpOptions { PickupDirectory = folder });
            var sender = engine.Sender();
            Directory.Delete(folder);
            await File.WriteAllTextAsync(folder, "not a folder", Ct);
            var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();

            var tick = await engine.Processor(sender: sender).RunTickAsync(Ct);

            Assert.Equal((1, 0, 1), (tick.Found, tick.Sent, tick.Retried));
            var attempt = Assert.Single((await LoadAsync(send.Id)).Attempts);
            Assert.Equal(AttemptOutcome.TransientFailure, attempt.Outcome);
            Assert.StartsWith("Could not write ", attempt.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(folder);
        }
    }

    [Fact]
    public async Task RunTick_RecordsTheFailureOnTheSchedulersStatus_WhenTheDatabaseIsAway_AndClearsItAfterATickCompletes()
    {
        var nowhere = $"Host=127.0.0.1;Port={Majster.Core.LoopbackPorts.Free()};Database=gone;Username=gone;Password=gone;Timeout=5";
        await using var away = EngineHarness.Create(nowhere, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var status = new SchedulerStatus();

        await Assert.ThrowsAsync<Npgsql.NpgsqlException>(() => away.Processor(status: status).RunTickAsync(Ct));
        await Assert.ThrowsAsync<Npgsql.NpgsqlException>(() => away.Processor(status: status).RunTickAsync(Ct));
        var failing = status.Failing;
        await engine.Processor(status: status).RunTickAsync(Ct);

        Assert.NotNull(failing);
        Assert.Equal((2, Start), (failing.Count, failing.Since));
        Assert.StartsWith("NpgsqlException: ", failing.Error, StringComparison.Ordinal);
        Assert.Null(status.Failing);
    }

    private sealed class ThrowingSender : Majster.Core.Email.IOfferEmailSender
    {
        public Task<Majster.Core.Email.DeliveryResult> SendAsync(Majster.Core.Email.OfferEmail email, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The template could not be rendered.");
    }

    [Fact]
    public async Task RunTick_LeavesASendAlone_UntilItIsDue()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start.AddMinutes(5), 1, Ct)).Single();
        var processor = engine.Processor();

        engine.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        var early = await processor.RunTickAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var onTime = await processor.RunTickAsync(Ct);

        Assert.Equal(0, early.Found);
        Assert.Equal(1, onTime.Sent);
        Assert.Equal(Start.AddMinutes(5), (await LoadAsync(send.Id)).ProcessedAt);
    }

    [Fact]
    public async Task RunTick_RetriesAfter60_120_240SecondsThenFails_WhenTheServerKeepsAnswering451()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();
        var processor = engine.Processor();
        Smtp.Script(Enumerable.Repeat(SmtpReply.WithCode(451, "Try again later"), 4).ToArray());

        await processor.RunTickAsync(Ct);
        var afterFirst = await LoadAsync(send.Id);
        Assert.Equal((OfferSendStatus.Scheduled, 1, Start.AddSeconds(60), Start), (afterFirst.Status, afterFirst.RetryCount, afterFirst.ScheduledFor, afterFirst.LastRetryAt));

        foreach (var (wait, retries) in new[] { (60, 2), (120, 3) })
        {
            engine.Clock.Advance(TimeSpan.FromSeconds(wait - 1));
            Assert.Equal(0, (await processor.RunTickAsync(Ct)).Found);
            engine.Clock.Advance(TimeSpan.FromSeconds(1));
            await processor.RunTickAsync(Ct);
            var row = await LoadAsync(send.Id);
            Assert.Equal(retries, row.RetryCount);
            Assert.Equal(engine.Clock.GetUtcNow().AddSeconds(wait * 2), row.ScheduledFor);
        }

        engine.Clock.Advance(TimeSpan.FromSeconds(240));
        await processor.RunTickAsync(Ct);

        var failed = await LoadAsync(send.Id);
        Assert.Equal(OfferSendStatus.Failed, failed.Status);
        Assert.Equal(3, failed.RetryCount);
        Assert.StartsWith("Max retries (3) exceeded. Last error: SMTP 451", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(failed.ProcessedAt);
        Assert.Equal([1, 2, 3, 4], failed.Attempts.Select(a => a.AttemptNumber).Order());
        Assert.All(failed.Attempts, a => Assert.Equal((AttemptOutcome.TransientFailure, 451), (a.Outcome, a.SmtpStatusCode)));
        Assert.Equal(4, Smtp.Attempts);
        foreach (var retry in new[] { 1, 2, 3 })
        {
            Assert.Contains($"[scheduler-worker] Scheduled retry {retry}/3 for offer {send.Id}", engine.LogLines);
        }

        Assert.Contains(engine.LogLines, line => line.StartsWith($"[scheduler-worker] Offer {send.Id} marked as failed after 3 retries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunTick_FailsAtOnceWithoutBurningRetries_WhenTheServerRejectsWith550()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();
        Smtp.Script(SmtpReply.WithCode(550, "No such user"));

        var tick = await engine.Processor().RunTickAsync(Ct);

        var row = await LoadAsync(send.Id);
        Assert.Equal(1, tick.MarkedFailed);
        Assert.Equal((OfferSendStatus.Failed, 0), (row.Status, row.RetryCount));
        Assert.Contains("550", row.ErrorMessage, StringComparison.Ordinal);
        var attempt = Assert.Single(row.Attempts);
        Assert.Equal((AttemptOutcome.PermanentFailure, 550), (attempt.Outcome, attempt.SmtpStatusCode));
    }

    [Fact]
    public async Task RunTick_FailsASendUnsent_WhenItsAddressWasSuppressedAfterItWasScheduled()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 2, Ct);
        var (suppressed, other) = (sends[0], sends[1]);
        await using (var db = Database.CreateContext(DatabaseConnection))
        {
            db.Suppressions.Add(new Suppression
            {
                Address = suppressed.ClientEmail, Reason = "Hard bounce", Status = "5.1.1", CreatedAt = Start.AddMinutes(-5),
            });
            await db.SaveChangesAsync(Ct);
        }

        var tick = await engine.Processor().RunTickAsync(Ct);

        Assert.Equal((2, 1, 1), (tick.Found, tick.Sent, tick.MarkedFailed));
        Assert.Equal(other.ClientEmail, Assert.Single(Smtp.Accepted).To.Mailboxes.Single().Address);
        var row = await LoadAsync(suppressed.Id);
        Assert.Equal((OfferSendStatus.Failed, 0), (row.Status, row.RetryCount));
        Assert.Contains($"The address {suppressed.ClientEmail} is suppressed: Hard bounce", row.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(AttemptOutcome.PermanentFailure, Assert.Single(row.Attempts).Outcome);
    }

    [Fact]
    public async Task RunTick_SchedulesARetry_WhenTheConnectionIsRefused()
    {
        var closedPort = Smtp.Port;
        await Smtp.DisposeAsync();
        Smtp = await SmtpTestServer.StartAsync(Ct);
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(closedPort));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();

        await engine.Processor().RunTickAsync(Ct);

        var row = await LoadAsync(send.Id);
        Assert.Equal((OfferSendStatus.Scheduled, 1, Start.AddSeconds(60)), (row.Status, row.RetryCount, row.ScheduledFor));
        Assert.Contains("Could not reach the SMTP server", row.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(AttemptOutcome.TransientFailure, Assert.Single(row.Attempts).Outcome);
    }

    [Fact]
    public async Task RunTick_SchedulesARetry_WhenTheServerStalls()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port, TimeSpan.FromSeconds(1)));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();
        Smtp.Script(SmtpReply.Stall);

        await engine.Processor().RunTickAsync(Ct);

        var row = await LoadAsync(send.Id);
        Assert.Equal((OfferSendStatus.Scheduled, 1), (row.Status, row.RetryCount));
        Assert.Contains("did not answer in time", row.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunTick_TreatsADropAfterDataAsTransient()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port));
        var send = (await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 1, Ct)).Single();
        Smtp.Script(SmtpReply.Drop);

        await engine.Processor().RunTickAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromSeconds(60));
        await engine.Processor("second-instance").RunTickAsync(Ct);

        var row = await LoadAsync(send.Id);
        Assert.Equal((OfferSendStatus.Sent, 1), (row.Status, row.RetryCount));
        Assert.Equal(2, row.Attempts.Count);
        Assert.Equal($"offer-send.{send.Id}@majster.local", Assert.Single(Smtp.Accepted).MessageId);
    }

    private async Task<OfferSend> LoadAsync(Guid id)
    {
        await using var db = Database.CreateContext(DatabaseConnection);
        return await db.OfferSends.AsNoTracking()
            .Include(s => s.Attempts)
            .Include(s => s.Events)
            .SingleAsync(s => s.Id == id, Ct);
    }
}
