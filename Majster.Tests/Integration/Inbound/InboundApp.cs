using System.Globalization;
using Majster.Core.Inbound;
using Majster.Core.Offers;
using Majster.Tests.Integration.Api;
using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using MimeKit;

namespace Majster.Tests.Integration.Inbound;

/// <summary>
/// The app reading its bounce mailbox from a private Dovecot, with the API's test clock and every log record kept. Its
/// poller reads once and then waits on the test clock (no IMAP IDLE), so that a test reads the mailbox itself.
/// </summary>
public class InboundApp(PostgresCluster cluster) : ApiApp(cluster)
{
    public DovecotServer Imap { get; private set; } = null!;
    public FakeLogCollector Logs { get; } = new();

    /// <summary>Small, so the 20 MB message of the hostile-input test is over it in any case.</summary>
    public const int MaxMessageBytes = 5 * 1024 * 1024;

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Mail:BounceAddress", "bounces@" + BounceFixtures.Domain),
        ("Mail:Inbound:Host", Imap.Host),
        ("Mail:Inbound:Port", Imap.Port.ToString(CultureInfo.InvariantCulture)),
        ("Mail:Inbound:Security", nameof(InboundSecurity.None)),
        ("Mail:Inbound:Username", DovecotServer.User),
        ("Mail:Inbound:Password", DovecotServer.Password),
        ("Mail:Inbound:MaxMessageBytes", MaxMessageBytes.ToString(CultureInfo.InvariantCulture)),
        ("Mail:Inbound:Idle", Idle ? "true" : "false"),
    ];

    /// <summary>Whether the poller waits with IMAP IDLE between reads.</summary>
    protected virtual bool Idle => false;

    public override async ValueTask InitializeAsync()
    {
        Imap = await DovecotServer.StartAsync(TestContext.Current.CancellationToken);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Imap.DisposeAsync();
    }

    protected override void Configure(MajsterAppFactory factory)
    {
        base.Configure(factory);
        factory.WithServices(services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(Logs)));
    }

    /// <summary>Reads the mailbox once, waiting while the app's own poller holds the reader's lock.</summary>
    public async Task ReadMailboxAsync()
    {
        var reader = Factory.Services.GetRequiredService<BounceMailboxReader>();
        await Poll.UntilAsync(() => reader.ReadOnceAsync(TestContext.Current.CancellationToken), read => read is not null,
            TimeSpan.FromSeconds(30), "the bounce mailbox reader's lock");
    }

    /// <summary>A new staff member's send to <paramref name="clientEmail"/>, marked sent as the engine would.</summary>
    public async Task<(TestUser Staff, Guid SendId)> SentSendAsync(string clientEmail)
    {
        var staff = await CreateUserAsync();
        var id = await CreateSendAsync(staff, new { clientEmail });
        await UpdateSendAsync(id, send =>
        {
            send.Status = OfferSendStatus.Sent;
            send.ProcessedAt = Clock.GetUtcNow();
        });
        return (staff, id);
    }

    /// <summary>What the mailbox said about the send, once read.</summary>
    public async Task<OfferSendDelivery?> DeliveryAsync(Guid id)
    {
        await using var db = Database.CreateContext(ConnectionString);
        return await db.OfferSendDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.OfferSendId == id, TestContext.Current.CancellationToken);
    }

    public Task DeliverAsync(string fixture) =>
        Imap.DeliverRawAsync(System.Text.Encoding.UTF8.GetBytes(fixture.ReplaceLineEndings("\r\n")), TestContext.Current.CancellationToken);

    public Task DeliverAsync(MimeMessage message) => Imap.AppendAsync(message, TestContext.Current.CancellationToken);
}

/// <summary>The app with its poller waiting with IMAP IDLE, as shipped; the test clock never ends a wait.</summary>
public sealed class IdleInboundApp(PostgresCluster cluster) : InboundApp(cluster)
{
    protected override bool Idle => true;
}
