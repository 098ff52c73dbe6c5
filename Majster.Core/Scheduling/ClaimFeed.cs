using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Majster.Core.Scheduling;

/// <summary>
/// One tick's supply of claimed rows: it claims the next batch while the workers send the current one, so that no
/// worker waits for a claim, and stops when a claim comes back short, the tick's budget is spent or the tick stops.
/// What was claimed and never sent (left in a batch, claimed ahead, or handed back by a worker) it gives back.
/// </summary>
internal sealed partial class ClaimFeed(
    OfferSendQueue queue, SendGate gate, SchedulerOptions options, SchedulerInstance instance, TimeProvider clock, ILogger logger, long started)
{
    private readonly ConcurrentQueue<ClaimedOfferSend> _unsent = new();

    /// <summary>Rows claimed in this tick.</summary>
    public int Found { get; private set; }

    /// <summary>Claimed rows that will not be sent this tick.</summary>
    public int Unsent => _unsent.Count;

    /// <summary>A row a worker will not send (the tick stops, or the send may not go out now): it is given back.</summary>
    public void HandBack(ClaimedOfferSend claimed) => _unsent.Enqueue(claimed);

    /// <summary>The claimed rows, one at a time.</summary>
    public async IAsyncEnumerable<ClaimedOfferSend> ReadAllAsync([EnumeratorCancellation] CancellationToken stop)
    {
        var next = ClaimAsync(stop);
        var batch = (IReadOnlyList<ClaimedOfferSend>)[];
        var taken = 0;
        try
        {
            while (true)
            {
                (batch, taken) = (await next, 0);
                next = batch.Count < options.BatchSize || clock.GetElapsedTime(started) >= options.TickBudget
                    ? Task.FromResult<IReadOnlyList<ClaimedOfferSend>>([])
                    : ClaimAsync(stop);
                if (batch.Count == 0)
                {
                    yield break;
                }

                Found += batch.Count;
                LogFound(logger, batch.Count);
                for (; taken < batch.Count && !stop.IsCancellationRequested; taken++)
                {
                    yield return batch[taken];
                }

                if (stop.IsCancellationRequested)
                {
                    yield break;
                }
            }
        }
        finally
        {
            // Rows not handed to a worker: the rest of this batch and the one claimed ahead.
            foreach (var unsent in batch.Skip(taken))
            {
                HandBack(unsent);
            }

            var ahead = await next;
            Found += ahead.Count;
            foreach (var unsent in ahead)
            {
                HandBack(unsent);
            }
        }
    }

    /// <summary>Releases the leases of the rows that will not be sent this tick.</summary>
    public async Task GiveBackAsync()
    {
        try
        {
            await queue.ReleaseAsync([.. _unsent], instance.Name, CancellationToken.None);
        }
        catch (Exception exception) when (exception is OperationCanceledException or Npgsql.NpgsqlException or TimeoutException)
        {
            // The database is away: the leases simply expire.
        }
    }

    /// <summary>One claim; none once the tick stops.</summary>
    private async Task<IReadOnlyList<ClaimedOfferSend>> ClaimAsync(CancellationToken stop)
    {
        var claimStarted = clock.GetTimestamp();
        try
        {
            return await gate.ClaimAsync(options.BatchSize, options.LockTtl, instance.Name, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return [];
        }
        finally
        {
            SchedulerTelemetry.RecordClaim(clock.GetElapsedTime(claimStarted));
        }
    }

    // The runbook's log line, word for word.
    [LoggerMessage(Level = LogLevel.Information, Message = "[scheduler-worker] Found {Count} offers due for processing")]
    private static partial void LogFound(ILogger logger, int count);
}
