using Hangfire;
using Hangfire.PostgreSql;
using Majster.Core.Scheduling;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Admin.Jobs;

/// <summary>Hangfire, stored in the app's own database (schema <c>hangfire</c>), with its server in-process, and the waker.</summary>
internal static class JobsExtensions
{
    public const string Schema = "hangfire";

    /// <summary>The queue of an instance with <c>Scheduler:Enabled</c> false: the jobs go to Hangfire's default queue.</summary>
    public const string NoJobsQueue = "no-jobs";

    public static IServiceCollection AddMajsterJobs(this IServiceCollection services)
    {
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseConnectionFactory(new HangfireConnectionFactory(sp.GetRequiredService<NpgsqlDataSource>())),
                new PostgreSqlStorageOptions
                {
                    SchemaName = Schema,
                    // The schema is set up with the migrations, under their lock (HangfireSchemaSetup).
                    PrepareSchemaIfNecessary = false,

                    // A lock left by an instance that was killed lapses after this; Hangfire holds its locks here for
                    // well under a second (the recurring jobs' triggers and definitions), so a minute is ample.
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                }));

        services.AddSingleton<Majster.Core.Data.ISchemaSetup, HangfireSchemaSetup>();

        // The recurring tick and housekeeping are the only jobs: two workers are plenty. An instance that does not run
        // the scheduler listens on a queue no job is put in, so it never runs the stored tick either.
        services.AddHangfireServer((sp, server) =>
        {
            server.WorkerCount = 2;
            if (!sp.GetRequiredService<IOptions<SchedulerOptions>>().Value.Enabled)
            {
                server.Queues = [NoJobsQueue];
            }
        });
        services.AddTransient<ProcessScheduledOffersJob>();
        services.AddTransient<PruneOldOfferSendsJob>();
        services.AddHostedService<RecurringJobsRegistration>();
        services.AddHostedService<DueSendWaker>();
        services.AddSingleton<SchedulerOverview>();
        return services;
    }
}
