using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Auth;

/// <summary>
/// Failed password sign-ins per client address over the last minute (a sliding window). An address at
/// <see cref="SignInOptions.FailuresPerMinute"/> is refused until its oldest failure is a minute old; other addresses,
/// and so other people's sign-ins, are not affected. Behind a proxy the address is the forwarded one.
/// </summary>
internal sealed class SignInThrottle(IOptions<SignInOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Past this many addresses, those without a failure in the window are dropped.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the address must wait before trying again, or null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (!_failures.TryGetValue(address, out var failures))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        lock (failures)
        {
            Expire(failures, now);
            return failures.Count >= options.Value.FailuresPerMinute ? failures.Peek() + Window - now : null;
        }
    }

    public void RecordFailure(string address)
    {
        if (_failures.Count > PruneAbove)
        {
            Prune();
        }

        var failures = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            failures.Enqueue(clock.GetUtcNow());
        }
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (address, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(KeyValuePair.Create(address, failures));
                }
            }
        }
    }

    private static void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() <= now - Window)
        {
            failures.Dequeue();
        }
    }
}
