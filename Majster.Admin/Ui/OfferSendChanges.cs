using Majster.Admin.Jobs;
using Majster.Core.Data;
using Npgsql;

namespace Majster.Admin.Ui;

/// <summary>
/// The process's one feed of changes to offer sends, for open pages: a connection LISTENs on <see cref="Channel"/>
/// (every statement that changes rows of <c>offer_sends</c>, whoever wrote it) and tells every subscriber, at most once
/// per <see cref="Coalesce"/>, so that a page queries the database when something changed and never while nothing does. After a (re)connection it
/// tells them once, as changes may have been missed in between.
/// </summary>
public sealed partial class OfferSendChanges(MajsterDatabase database, TimeProvider clock, ILogger<OfferSendChanges> logger)
    : BackgroundService
{
    public const string Channel = SchemaNames.ChangedChannel;

    /// <summary>
    /// Changes within this of one another reach the pages as one: a drain changes rows dozens of times a second, and
    /// each wave costs every open grid a query. A change still shows within this plus one page's query.
    /// </summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    /// <summary>Replaced, never changed in place, so that telling the subscribers needs no lock.</summary>
    private Func<Task>[] _subscribers = [];
    private long _version;

    /// <summary>Grows with every change seen; a cache computed at one version is current while it stays.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Calls <paramref name="changed"/> after changes until the answer is disposed.</summary>
    public IDisposable Subscribe(Func<Task> changed)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers, changed];
        }

        return new Subscription(this, changed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = ListenAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _changed.WaitAsync(stoppingToken);
                await Task.WhenAll(Volatile.Read(ref _subscribers).Select(TellAsync));
                await Task.Delay(Coalesce, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await listening;
        }
    }

    /// <summary>One subscriber's failure is logged and touches no other.</summary>
    private async Task TellAsync(Func<Task> subscriber)
    {
        try
        {
            await subscriber();
        }
        catch (Exception exception)
        {
            LogSubscriberFailed(logger, exception.GetType().Name, exception.Message);
        }
    }

    /// <summary>
    /// Holds a connection of its own, outside the pool (it would take one of the few pooled connections for good), that
    /// LISTENs; reconnects when it breaks.
    /// </summary>
    private Task ListenAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        return ListenerConnection.ListenAsync(
            async cancellationToken =>
            {
                var connection = new NpgsqlConnection(connectionString);
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            },
            Channel,
            _ => Changed(),
            listening: Changed,
            lost: error => LogConnectionLost(logger, error),
            ReconnectDelay,
            clock,
            stoppingToken);
    }

    private void Changed()
    {
        Interlocked.Increment(ref _version);
        if (_changed.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another notification released it just now.
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    private sealed class Subscription(OfferSendChanges feed, Func<Task> changed) : IDisposable
    {
        public void Dispose()
        {
            lock (feed._lock)
            {
                feed._subscribers = [.. feed._subscribers.Where(s => s != changed)];
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A page failed to refresh after a change ({ExceptionType}: {Error})")]
    private static partial void LogSubscriberFailed(ILogger logger, string exceptionType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The page change feed lost its database connection ({Error}); reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, string error);
}
