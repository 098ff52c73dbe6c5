using Hangfire;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Jobs;

/// <summary>At start, (re)defines the recurring jobs with the configured cron, in UTC.</summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager jobs, IOptions<SchedulerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return Task.CompletedTask;
        }

        jobs.AddOrUpdate<ProcessScheduledOffersJob>(
            ProcessScheduledOffersJob.Id,
            job => job.RunAsync(CancellationToken.None),
            options.Value.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        jobs.AddOrUpdate<PruneOldOfferSendsJob>(
            PruneOldOfferSendsJob.Id,
            job => job.RunAsync(CancellationToken.None),
            PruneOldOfferSendsJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        jobs.AddOrUpdate<FoldOfferSendCountsJob>(
            FoldOfferSendCountsJob.Id,
            job => job.RunAsync(CancellationToken.None),
            FoldOfferSendCountsJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
