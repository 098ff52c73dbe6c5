using Majster.Core.Offers;
using Majster.Core.Email;
using Majster.Core.Scheduling;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Majster.Tests.Support;

/// <summary>
/// The engine without the web host: a real database, a real SMTP server (or a pickup folder), a pinned clock, and
/// as many processors as a test wants, each with its own data source and instance name as separate instances would.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly ILoggerFactory _loggerFactory;
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private EngineHarness(string connectionString, FakeTimeProvider clock, SchedulerOptions scheduler, SmtpOptions smtp)
    {
        ConnectionString = connectionString;
        Clock = clock;
        Scheduler = scheduler;
        Smtp = smtp;
        _loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(Logs)));
    }

    public string ConnectionString { get; }
    public FakeTimeProvider Clock { get; }
    public SchedulerOptions Scheduler { get; }
    public SmtpOptions Smtp { get; }
    public FakeLogCollector Logs { get; } = new();

    /// <summary>The meters of this harness's processors, as an app's own (tests read them with a MetricCollector).</summary>
    public IMeterFactory Meters => _metrics.GetRequiredService<IMeterFactory>();

    /// <summary>The runbook's log lines (and others) written by every processor so far.</summary>
    public IReadOnlyList<string> LogLines => Logs.GetSnapshot().Select(r => r.Message).ToList();

    public static EngineHarness Create(string connectionString, DateTimeOffset now, SchedulerOptions? scheduler = null, SmtpOptions? smtp = null) =>
        new(connectionString, new FakeTimeProvider(now), scheduler ?? new SchedulerOptions(), smtp ?? new SmtpOptions());

    /// <summary>SMTP delivery to <paramref name="port"/> on loopback.</summary>
    public static SmtpOptions SmtpTo(int port, TimeSpan? timeout = null) =>
        new() { Host = "127.0.0.1", Port = port, Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    /// <summary>A processor as a separate instance would run it.</summary>
    public OfferSendProcessor Processor(string instance = "test-instance", IOfferEmailSender? sender = null, SchedulerStatus? status = null)
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        _owned.Add(dataSource);
        var queue = new OfferSendQueue(dataSource);
        return new OfferSendProcessor(
            queue,
            sender ?? Sender(),
            Gate(queue),
            new SchedulerInstance(instance),
            status ?? new SchedulerStatus(),
            new TickMetrics(Meters),
            Options.Create(Scheduler),
            Clock,
            new FakeLogger<OfferSendProcessor>(Logs));
    }

    /// <summary>The pace the processors keep (limits, sending hours, back-off); set before creating them.</summary>
    public SendingOptions Sending { get; } = new();

    /// <summary>The gate a processor on <paramref name="queue"/> asks.</summary>
    public SendGate Gate(OfferSendQueue? queue = null) => new(queue ?? Queue(), Options.Create(Scheduler), Options.Create(Sending), Clock);

    /// <summary>The fleet's pause switch on the harness clock; it tells <paramref name="gate"/> (or a new one) what it wrote.</summary>
    public SendingPause Pause(SendGate? gate = null) => new(Database.ContextFactory(ConnectionString), gate ?? Gate(), Clock);

    /// <summary>The people's side of the state machine on the harness clock, as the API and the UI use it.</summary>
    public OfferSendService People()
    {
        return new OfferSendService(Database.ContextFactory(ConnectionString), Clock, Options.Create(Scheduler));
    }

    public OfferSendQueue Queue()
    {
        var dataSource = NpgsqlDataSource.Create(ConnectionString);
        _owned.Add(dataSource);
        return new OfferSendQueue(dataSource);
    }

    public IOfferEmailSender Sender()
    {
        var composer = Composer();
        if (Smtp.UsesPickupDirectory)
        {
            return new PickupDirectorySender(Smtp.PickupDirectory!, composer, new FakeLogger<PickupDirectorySender>(Logs));
        }

        var sender = new SmtpOfferEmailSender(Options.Create(Smtp), Options.Create(Scheduler), composer, Clock, new FakeLogger<SmtpOfferEmailSender>(Logs));
        _owned.Add(sender);
        return sender;
    }

    public OfferEmailComposer Composer()
    {
        var composer = new OfferEmailComposer(_loggerFactory, Options.Create(Smtp), Clock);
        _owned.Add(composer);
        return composer;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _loggerFactory.Dispose();
        await _metrics.DisposeAsync();
    }
}
