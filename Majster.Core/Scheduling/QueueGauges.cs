using System.Diagnostics.Metrics;
using Majster.Core.Offers;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Majster.Core.Scheduling;

/// <summary>
/// The queue's depth as observable gauges (<c>majster.scheduler.queue.scheduled</c>, <c>…queue.overdue</c>), and whether sending
/// is paused (<c>majster.sending.paused_for</c>, seconds) or throttled (<c>majster.sending.throttled</c>). A scrape
/// never waits on the database: it reads the last counted value and, when that is older than
/// <see cref="RefreshAfter"/>, starts one recount in the background (one small query).
/// </summary>
public sealed partial class QueueGauges : IDisposable
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Scheduled rows from the dashboard's counts (no scan of the scheduled rows); overdue ones from the head of the
    /// partial index, as the dashboard counts them.
    /// </summary>
    private const string CountSql = $"""
        SELECT ({OfferSendCounts.ScheduledSql}),
               (SELECT count(*) FROM offer_sends WHERE {OfferSendOverdue.Sql}),
               (SELECT CASE WHEN paused AND (pause_until IS NULL OR pause_until > @now)
                            THEN greatest(extract(epoch FROM @now - paused_at), 0) ELSE 0 END::double precision
                FROM sending_state WHERE id = 1),
               (SELECT (throttled_until > @now) IS TRUE FROM sending_state WHERE id = 1)
        """;

    private readonly Meter _meter;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly ILogger<QueueGauges> _logger;
    private QueueDepth? _depth;
    private long _countedAt;
    private int _refreshing;

    public QueueGauges(IMeterFactory meters, NpgsqlDataSource dataSource, TimeProvider clock, ILogger<QueueGauges> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _dataSource = dataSource;
        _clock = clock;
        _logger = logger;
        _meter = meters.Create(SchedulerTelemetry.Name);
        _meter.CreateObservableGauge("majster.scheduler.queue.scheduled", () => Observe(d => d.Scheduled), "{send}",
            "Rows in status scheduled");
        _meter.CreateObservableGauge("majster.scheduler.queue.overdue", () => Observe(d => d.Overdue), "{send}",
            "Scheduled rows whose scheduled_for has passed");
        _meter.CreateObservableGauge("majster.sending.paused_for", () => Observe(d => d.PausedFor), "s",
            "How long all sending has been paused; 0 when it is not");
        _meter.CreateObservableGauge("majster.sending.throttled", () => Observe(d => d.Throttled ? 1L : 0L), "{state}",
            "1 while the mail server's back-off holds all sending");
    }

    private sealed record QueueDepth(long Scheduled, long Overdue, long PausedFor, bool Throttled);

    private IEnumerable<Measurement<long>> Observe(Func<QueueDepth, long> pick)
    {
        var depth = Volatile.Read(ref _depth);
        if ((depth is null || _clock.GetElapsedTime(Interlocked.Read(ref _countedAt)) >= RefreshAfter)
            && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = RefreshAsync();
        }

        return depth is null ? [] : [new Measurement<long>(pick(depth))];
    }

    private async Task RefreshAsync()
    {
        try
        {
            await using var command = _dataSource.CreateCommand(CountSql);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", _clock.GetUtcNow()));
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                Volatile.Write(ref _depth, new QueueDepth(reader.GetInt64(0), reader.GetInt64(1), (long)reader.GetDouble(2), reader.GetBoolean(3)));
            }
        }
        catch (NpgsqlException exception)
        {
            // The database is away: the gauges keep their last value; /health/ready says what is wrong.
            LogCountFailed(_logger, exception.Message);
        }
        finally
        {
            Interlocked.Exchange(ref _countedAt, _clock.GetTimestamp());
            Volatile.Write(ref _refreshing, 0);
        }
    }

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not count the queue for the gauges: {Error}")]
    private static partial void LogCountFailed(ILogger logger, string error);
}
