using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Majster.Core.Inbound;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Majster.Tests.Integration.Inbound;

/// <summary>
/// The app reads a real IMAP mailbox (Dovecot): each mail system's report becomes its send's outcome, a bounce
/// suppresses the address until an admin lifts it, hostile mail is set aside, and nothing is ever deleted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BounceMailboxTests(InboundApp app) : IClassFixture<InboundApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string?> Reports => new()
    {
        { nameof(BounceFixtures.Postfix), "bounced", "5.1.1" },
        { nameof(BounceFixtures.ExchangeOnline), "bounced", "5.1.10" },
        { nameof(BounceFixtures.Gmail), "bounced", "5.1.1" },
        { nameof(BounceFixtures.Qmail), "bounced", "5.1.1" },
        { "Delay", "delayed", "4.4.1" },
        { nameof(BounceFixtures.OutOfOffice), "autoReplied", null },
        { nameof(BounceFixtures.Reply), "replied", null },
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public async Task Read_GivesTheSendItsOutcome_AndMovesTheMessageToProcessed(string report, string outcome, string? status)
    {
        var address = $"{report.ToLowerInvariant()}-{Guid.NewGuid():N}@client.example";
        var (staff, id) = await app.SentSendAsync(address);
        var processedBefore = await app.Imap.CountAsync("Processed", Ct);
        await app.DeliverAsync(Fixture(report, id).Replace(BounceFixtures.Client, address));

        await app.ReadMailboxAsync();

        var detail = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/offer-sends/{id}", Ct);
        var send = detail.GetProperty("offerSend");
        Assert.Equal("sent", send.GetProperty("status").GetString());
        var delivery = send.GetProperty("delivery");
        Assert.Equal(outcome, delivery.GetProperty("outcome").GetString());
        Assert.Equal(status, delivery.GetProperty("status").GetString());
        Assert.Contains(detail.GetProperty("events").EnumerateArray(),
            e => e.GetProperty("action").GetString() == outcome && e.GetProperty("actor").GetString() == InboundMessageRecorder.MailboxActor);
        Assert.Equal(outcome == "bounced", await SuppressedAsync(address));
        Assert.Equal(0, await app.Imap.CountAsync("INBOX", Ct));
        Assert.Equal(processedBefore + 1, await app.Imap.CountAsync("Processed", Ct));
    }

    [Fact]
    public async Task Suppressed_AddressIsRefusedWith409_UntilAnAdminLiftsIt()
    {
        var address = $"lift-{Guid.NewGuid():N}@client.example";
        var (staff, id) = await app.SentSendAsync(address);
        var pending = await app.CreateSendAsync(staff, new { clientEmail = address });
        await app.DeliverAsync(BounceFixtures.Postfix(id).Replace(BounceFixtures.Client, address));
        await app.ReadMailboxAsync();

        // The address rule's comparison: the domain in any case is the same address.
        var refused = await staff.Client.PostAsJsonAsync("/api/offer-sends",
            new { offerId = await app.CreateOfferAsync(staff), clientEmail = address.Replace("client.example", "Client.EXAMPLE") }, Ct);
        var sendNow = await staff.Client.PostAsync($"/api/offer-sends/{pending}/send-now", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, sendNow.StatusCode);
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("error").GetString();
        Assert.Contains($"{address} is suppressed", error);
        Assert.Contains("5.1.1", error);

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Client.GetAsync("/api/suppressions", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.Client.DeleteAsync($"/api/suppressions/{address}", Ct)).StatusCode);
        using var admin = app.Admin();
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/suppressions?q={Uri.EscapeDataString(address)}", Ct);
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("offerSendId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/suppressions/{address}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/suppressions/{address}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await staff.Client.PostAsync($"/api/offer-sends/{pending}/send-now", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Read_SetsHostileMailAsideWithOneWarningEach_AndGoesOn()
    {
        var address = $"after-{Guid.NewGuid():N}@client.example";
        var (_, id) = await app.SentSendAsync(address);
        var unmatchedBefore = await app.Imap.CountAsync("Unmatched", Ct);
        app.Logs.Clear();
        await app.Imap.DeliverRawAsync(BounceFixtures.Truncated(), Ct);
        await app.Imap.DeliverRawAsync(BounceFixtures.WithAttachment(20 * 1024 * 1024), Ct);
        await app.Imap.DeliverRawAsync(BounceFixtures.Nested(100), Ct);
        await app.Imap.DeliverRawAsync(BounceFixtures.InvalidCharsets(), Ct);
        await app.DeliverAsync(BounceFixtures.Reply(id).Replace(BounceFixtures.Client, address));

        await app.ReadMailboxAsync();

        Assert.Equal(0, await app.Imap.CountAsync("INBOX", Ct));
        Assert.Equal(unmatchedBefore + 4, await app.Imap.CountAsync("Unmatched", Ct));
        Assert.Equal(4, app.Logs.GetSnapshot().Count(r => r.Level == LogLevel.Warning && r.Category == typeof(BounceMailboxReader).FullName));
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.Contains("Larger than", StringComparison.Ordinal));
        Assert.Equal(InboundOutcome.Replied, (await app.DeliveryAsync(id))?.Outcome);
    }

    [Fact]
    public async Task Read_IsSkipped_WhileAnotherInstanceHoldsTheReadersLock()
    {
        var address = $"lock-{Guid.NewGuid():N}@client.example";
        var (_, id) = await app.SentSendAsync(address);
        await app.DeliverAsync(BounceFixtures.Reply(id).Replace(BounceFixtures.Client, address));
        var reader = app.Factory.Services.GetRequiredService<BounceMailboxReader>();
        await using var otherInstance = new NpgsqlConnection(app.ConnectionString);
        await otherInstance.OpenAsync(Ct);
        await LockAsync(otherInstance, "pg_advisory_lock");

        var skipped = await reader.ReadOnceAsync(Ct);
        var waiting = await app.Imap.CountAsync("INBOX", Ct);
        await LockAsync(otherInstance, "pg_advisory_unlock");
        await app.ReadMailboxAsync();

        Assert.Null(skipped);
        Assert.Equal(1, waiting);
        Assert.Equal(InboundOutcome.Replied, (await app.DeliveryAsync(id))?.Outcome);
    }

    private static async Task LockAsync(NpgsqlConnection connection, string function)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@key)", connection);
        command.Parameters.AddWithValue("key", BounceMailboxReader.ReaderLockKey);
        await command.ExecuteScalarAsync(Ct);
    }

    [Fact]
    public async Task Health_IsDegradedWhileTheMailboxIsAway_AndReadingResumesWhenItIsBack()
    {
        var address = $"back-{Guid.NewGuid():N}@client.example";
        var (_, id) = await app.SentSendAsync(address);
        await app.Imap.StopAsync(Ct);
        try
        {
            await Poll.UntilAsync(() => ProbeAsync(), state => state == "Degraded", TimeSpan.FromSeconds(30), "health Degraded while IMAP is away");
        }
        finally
        {
            await app.Imap.StartAgainAsync(Ct);
        }

        await app.DeliverAsync(BounceFixtures.Reply(id).Replace(BounceFixtures.Client, address));
        await Poll.UntilAsync(() => ProbeAsync(), state => state == "Healthy", TimeSpan.FromSeconds(30), "health Healthy once IMAP is back");
        var delivery = await Poll.UntilAsync(() => app.DeliveryAsync(id), d => d is not null, TimeSpan.FromSeconds(30), "the reply read by the poller");
        Assert.Equal(InboundOutcome.Replied, delivery!.Outcome);
    }

    /// <summary>Lets the app's poller run once more (its clock is the test's) and reads the mailbox check's state.</summary>
    private async Task<string?> ProbeAsync()
    {
        app.Clock.Advance(new MailOptions().Inbound.PollInterval);
        using var client = app.Anonymous();
        var health = await client.GetFromJsonAsync<JsonElement>("/health/ready", Ct);
        return health.GetProperty("checks").GetProperty("bounceMailbox").GetProperty("status").GetString();
    }

    private static string Fixture(string report, Guid id) => report switch
    {
        nameof(BounceFixtures.Postfix) => BounceFixtures.Postfix(id),
        nameof(BounceFixtures.ExchangeOnline) => BounceFixtures.ExchangeOnline(id),
        nameof(BounceFixtures.Gmail) => BounceFixtures.Gmail(id),
        nameof(BounceFixtures.Qmail) => BounceFixtures.Qmail(id),
        "Delay" => BounceFixtures.Postfix(id, action: "delayed", status: "4.4.1"),
        nameof(BounceFixtures.OutOfOffice) => BounceFixtures.OutOfOffice(id),
        _ => BounceFixtures.Reply(id),
    };

    private async Task<bool> SuppressedAsync(string address)
    {
        await using var db = Database.CreateContext(app.ConnectionString);
        return await db.Suppressions.AnyAsync(s => s.Address == address, Ct);
    }
}
