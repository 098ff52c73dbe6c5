using System.Net;
using System.Net.Sockets;
using System.Text;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Integration.Reliability;

/// <summary>SMTP faults in the middle of a drain, each with its transition; retries keep the Message-ID.</summary>
[Trait("Category", "Integration")]
public sealed class SmtpFaultDrainTests(PostgresCluster cluster) : EngineTest(cluster)
{
    private static readonly DateTimeOffset Start = new(2026, 4, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Drain_RetriesTransientFaults_FailsTheRejection_AndSendsTheRestOnce()
    {
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(Smtp.Port, TimeSpan.FromSeconds(1)));
        var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 20, Ct);
        Smtp.Script(SmtpReply.WithCode(451, "Try later"), SmtpReply.WithCode(550, "No such user"), SmtpReply.Drop, SmtpReply.Stall);

        var first = await engine.Processor().RunTickAsync(Ct);
        engine.Clock.Advance(TimeSpan.FromSeconds(60));
        var second = await engine.Processor("second-instance").RunTickAsync(Ct);

        Assert.Equal((20, 16, 3, 1), (first.Found, first.Sent, first.Retried, first.MarkedFailed));
        Assert.Equal((3, 3), (second.Found, second.Sent));
        var rows = await LoadAsync(sends.Select(s => s.Id));
        Assert.Equal(19, rows.Count(r => r.Status == OfferSendStatus.Sent));
        var failed = Assert.Single(rows, r => r.Status == OfferSendStatus.Failed);
        Assert.StartsWith("Permanent failure: SMTP 550", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, rows.Count(r => r.Status == OfferSendStatus.Sent && r.RetryCount == 1));
        Assert.All(rows, r => Assert.Null(r.LockedBy));
        // Every sent row reached the sink once with its own, stable Message-ID (the dropped DATA was not accepted here;
        // a real server may have kept it: a duplicate with the same Message-ID, which receivers can discard).
        var received = Smtp.Accepted.GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        Assert.Equal(rows.Where(r => r.Status == OfferSendStatus.Sent).Select(r => $"offer-send.{r.Id}@majster.local").Order(), received.Keys.Order());
        Assert.All(received.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Drain_BacksOffEverySend_WithNoRetryCharged_WhenTheServerRefusesWith421OnConnect()
    {
        using var refusing = new TcpListener(IPAddress.Loopback, 0);
        refusing.Start();
        var port = ((IPEndPoint)refusing.LocalEndpoint).Port;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var greeter = RefuseEveryConnectionAsync(refusing, stop.Token);
        await using var engine = EngineHarness.Create(DatabaseConnection, Start, smtp: EngineHarness.SmtpTo(port, TimeSpan.FromSeconds(2)));
        var sends = await Seed.ScheduledSendsAsync(DatabaseConnection, Start, Start, 5, Ct);

        var tick = await engine.Processor().RunTickAsync(Ct);
        await stop.CancelAsync();
        await greeter;

        // 421 is the server's "slow down": the whole sender backs off, and the sends keep their time and their retries.
        Assert.Equal((5, 0, 0, 0), (tick.Found, tick.Sent, tick.Retried, tick.MarkedFailed));
        var rows = await LoadAsync(sends.Select(s => s.Id));
        Assert.All(rows, r => Assert.Equal((OfferSendStatus.Scheduled, 0, (DateTimeOffset?)Start, (string?)null), (r.Status, r.RetryCount, r.ScheduledFor, r.LockedBy)));
        var attempts = rows.SelectMany(r => r.Attempts).ToList();
        Assert.NotEmpty(attempts);
        Assert.All(attempts, a => Assert.Equal(AttemptOutcome.TransientFailure, a.Outcome));
        var state = await engine.Pause().GetAsync(Ct);
        Assert.True(state.IsThrottledAt(Start), "The sender is not backing off after a 421.");
    }

    /// <summary>A mail server that greets every connection with 421 and hangs up.</summary>
    private static async Task RefuseEveryConnectionAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        var refusal = Encoding.ASCII.GetBytes("421 4.3.2 smtp.tests.local Service not available, closing channel\r\n");
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                await client.GetStream().WriteAsync(refusal, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is done.
        }
    }

    private async Task<List<OfferSend>> LoadAsync(IEnumerable<Guid> ids)
    {
        await using var db = Database.CreateContext(DatabaseConnection);
        var wanted = ids.ToList();
        return await db.OfferSends.AsNoTracking().Include(s => s.Attempts).Where(s => wanted.Contains(s.Id)).ToListAsync(Ct);
    }
}
