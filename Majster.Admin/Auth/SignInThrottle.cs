using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Auth;

/// <summary>
/// Password sign-in tries per client address over the last minute (a sliding window). A try is counted before its
/// password is checked, in the same step as the check of the limit, so a burst of parallel tries cannot all pass it;
/// a try that signs in is taken back. An address at <see cref="SignInOptions.FailuresPerMinute"/> is refused until its
/// oldest try is a minute old; other addresses, and so other people's sign-ins, are not affected. Behind a proxy the
/// address is the forwarded one. The counts live in this instance's memory: the shipped nginx site sends each
/// address's sign-ins to one instance.
/// </summary>
internal sealed class SignInThrottle(IOptions<SignInOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Past this many addresses, those without a try in the window are dropped.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _tries = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts a try of <paramref name="address"/> when it is under the limit (true, <paramref name="countedAt"/> names the
    /// try for <see cref="Release"/>); otherwise counts nothing and says how long the address must wait.
    /// </summary>
    public bool TryCount(string address, out DateTimeOffset countedAt, out TimeSpan retryAfter)
    {
        if (_tries.Count > PruneAbove)
        {
            Prune();
        }

        while (true)
        {
            var tries = _tries.GetOrAdd(address, _ => []);
            lock (tries)
            {
                if (!_tries.TryGetValue(address, out var current) || !ReferenceEquals(current, tries))
                {
                    // Pruned after it was looked up: count in the address's new list.
                    continue;
                }

                var now = clock.GetUtcNow();
                Expire(tries, now);
                if (tries.Count >= options.Value.FailuresPerMinute)
                {
                    (countedAt, retryAfter) = (default, tries[0] + Window - now);
                    return false;
                }

                tries.Add(now);
                (countedAt, retryAfter) = (now, TimeSpan.Zero);
                return true;
            }
        }
    }

    /// <summary>Takes back a counted try (one that signed in).</summary>
    public void Release(string address, DateTimeOffset countedAt)
    {
        if (_tries.TryGetValue(address, out var tries))
        {
            lock (tries)
            {
                tries.Remove(countedAt);
            }
        }
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (address, tries) in _tries)
        {
            lock (tries)
            {
                Expire(tries, now);
                if (tries.Count == 0)
                {
                    _tries.TryRemove(KeyValuePair.Create(address, tries));
                }
            }
        }
    }

    private static void Expire(List<DateTimeOffset> tries, DateTimeOffset now)
    {
        var expired = 0;
        while (expired < tries.Count && tries[expired] <= now - Window)
        {
            expired++;
        }

        tries.RemoveRange(0, expired);
    }
}
