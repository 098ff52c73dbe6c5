using Hangfire;
using Hangfire.Storage;

namespace Majster.Admin.Jobs;

/// <summary>What the dashboard shows of Hangfire: when the recurring tick runs next and how many servers are alive.</summary>
public sealed record SchedulerOverviewSnapshot(DateTimeOffset? NextCronRun, int ServersAlive);

public sealed class SchedulerOverview(JobStorage storage)
{
    public SchedulerOverviewSnapshot Get()
    {
        using var connection = storage.GetConnection();
        var next = connection.GetRecurringJobs([ProcessScheduledOffersJob.Id]).FirstOrDefault()?.NextExecution;
        var servers = storage.GetMonitoringApi().Servers().Count;
        return new SchedulerOverviewSnapshot(
            next is { } utc ? new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)) : null, servers);
    }
}
