using Hangfire;
using Hangfire.Storage;

namespace Majster.Admin.Jobs;

/// <summary>What the dashboard shows of Hangfire: when the recurring tick runs next and how many servers are alive.</summary>
public sealed record SchedulerOverviewSnapshot(DateTimeOffset? NextCronRun, int ServersAlive);

public sealed class SchedulerOverview(JobStorage storage)
{
    /// <summary>
    /// Reads Hangfire's storage on the thread pool: its API is synchronous (two queries), and the caller — the
    /// dashboard's figures — must not wait on it on its own thread.
    /// </summary>
    public Task<SchedulerOverviewSnapshot> GetAsync(CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var connection = storage.GetConnection();
        var next = connection.GetRecurringJobs([ProcessScheduledOffersJob.Id]).FirstOrDefault()?.NextExecution;
        var servers = storage.GetMonitoringApi().Servers().Count;
        return new SchedulerOverviewSnapshot(
            next is { } utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null, servers);
    }, cancellationToken);
}
