using Hangfire;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Options;

namespace Majster.Admin.Jobs;

/// <summary>
/// (Re)defines the recurring jobs with the configured cron, in UTC, beside the app rather than before it: Hangfire
/// takes a lock per job to do it, and another instance (or one killed while it held the lock) can keep that lock for
/// a while. Until the definition is written this tries again; the waker sends due offers all the same.
/// </summary>
internal sealed partial class RecurringJobsRegistration(
    IRecurringJobManager jobs,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<RecurringJobsRegistration> logger) : BackgroundService
{
    internal static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Register(options.Value.Cron);
                if (attempt > 1)
                {
                    LogRegistered(logger, attempt);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNotRegistered(logger, attempt, RetryPause, ex.Message);
            }

            await Task.Delay(RetryPause, time, stoppingToken);
        }
    }

    private void Register(string cron)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<ProcessScheduledOffersJob>(ProcessScheduledOffersJob.Id, job => job.RunAsync(CancellationToken.None), cron, utc);
        jobs.AddOrUpdate<PruneOldOfferSendsJob>(PruneOldOfferSendsJob.Id, job => job.RunAsync(CancellationToken.None), PruneOldOfferSendsJob.Cron, utc);
        jobs.AddOrUpdate<FoldOfferSendCountsJob>(FoldOfferSendCountsJob.Id, job => job.RunAsync(CancellationToken.None), FoldOfferSendCountsJob.Cron, utc);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not define the recurring jobs (attempt {Attempt}), trying again in {Pause}: {Reason}")]
    private static partial void LogNotRegistered(ILogger logger, int attempt, TimeSpan pause, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Defined the recurring jobs at attempt {Attempt}.")]
    private static partial void LogRegistered(ILogger logger, int attempt);
}
