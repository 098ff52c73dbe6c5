using Majster.Admin.Jobs;
using Majster.Core.Accounts;
using Majster.Core.Offers;

namespace Majster.Admin.Ui;

/// <summary>Everything the dashboard shows, as of one moment; the scheduler's overview only in the whole system's scope.</summary>
public sealed record DashboardData(
    OfferSendMetricsSnapshot Metrics, IReadOnlyList<HourlyOutcomes> Hours, SchedulerOverviewSnapshot? Overview);

/// <summary>Whose figures: <see cref="All"/>, the whole system's (admins), or one staff member's own sends'.</summary>
public sealed record DashboardScope(Guid? UserId)
{
    public static readonly DashboardScope All = new((Guid?)null);

    /// <summary>An admin sees the whole system's figures, a staff member their own sends'.</summary>
    public static DashboardScope For(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsAdmin ? All : new DashboardScope(actor.UserId);
    }

    /// <summary>Who the figures are computed as.</summary>
    public Actor Actor => UserId is { } user ? new Actor(user, IsAdmin: false) : new Actor(Guid.Empty, IsAdmin: true);
}

/// <summary>
/// The dashboard's figures, computed once per scope for every open dashboard of this process: again only when offer
/// sends changed (<see cref="OfferSendChanges.Version"/>) or after <see cref="MaxAge"/> (overdue grows and the hours
/// move on with time alone), so a hundred open dashboards cost the database what one does.
/// </summary>
public sealed class DashboardFigures(OfferSendMetrics metrics, SchedulerOverview overview, OfferSendChanges changes, TimeProvider clock)
{
    /// <summary>How long figures of an unchanged table are shown; each open dashboard also refreshes this often.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Dictionary<DashboardScope, Entry> _entries = [];
    private readonly Lock _lock = new();

    private sealed record Entry(Task<DashboardData> Data, long Version, DateTimeOffset At);

    /// <summary>
    /// The scope's figures, computed by the first caller that finds them stale; the others share that computation. It
    /// is not cancelled with one caller's page: it is everybody's.
    /// </summary>
    public Task<DashboardData> GetAsync(DashboardScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        lock (_lock)
        {
            var version = changes.Version;
            var now = clock.GetUtcNow();
            if (!_entries.TryGetValue(scope, out var entry) || !Current(entry, version, now))
            {
                entry = new Entry(ComputeAsync(scope), version, now);
                _entries[scope] = entry;
            }

            return entry.Data;
        }
    }

    private static bool Current(Entry entry, long version, DateTimeOffset now) =>
        entry.Version == version && now - entry.At < MaxAge && !entry.Data.IsFaulted && !entry.Data.IsCanceled;

    private async Task<DashboardData> ComputeAsync(DashboardScope scope)
    {
        // Hangfire's overview is read meanwhile: it is the whole system's, so only for that scope.
        var scheduler = scope == DashboardScope.All ? overview.GetAsync(CancellationToken.None) : null;
        var snapshot = await metrics.GetAsync(scope.Actor, CancellationToken.None);
        var hours = await metrics.HourlyAsync(scope.Actor, CancellationToken.None);
        return new DashboardData(snapshot, hours, scheduler is null ? null : await scheduler);
    }
}
