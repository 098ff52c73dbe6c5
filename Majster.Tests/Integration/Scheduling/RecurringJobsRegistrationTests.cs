using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace Majster.Tests.Integration.Scheduling;

/// <summary>An instance starts and serves while Hangfire's lock on a recurring job is held, and defines the job once it is free.</summary>
[Trait("Category", "Integration")]
public sealed class RecurringJobsRegistrationTests(PostgresCluster cluster)
{
    private const string FirstCron = "0 0 1 1 *";
    private const string SecondCron = "0 0 2 1 *";

    // The lock Hangfire takes to write the tick's definition, as an instance killed while holding it leaves it.
    private const string TickDefinitionLock = "hangfire:lock:recurring-job:process-scheduled-offers";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnInstance_ServesWhileTheTicksLockIsHeld_AndDefinesTheTickOnceTheLockIsGone()
    {
        var connectionString = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        await using (var first = Instance(connectionString, FirstCron))
        {
            first.StartServer();
            await Poll.UntilAsync(() => TickCronAsync(connectionString), cron => cron == FirstCron, TimeSpan.FromSeconds(30), "the first instance's definition");
        }

        await ExecuteAsync(connectionString, $"INSERT INTO hangfire.lock (resource, acquired) VALUES ('{TickDefinitionLock}', now() AT TIME ZONE 'UTC')");
        var logs = new FakeLogCollector();
        await using var second = Instance(connectionString, SecondCron)
            .WithServices(services => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs)));
        using var client = second.CreateClient();

        Assert.Contains("\"status\":\"Healthy\"", await client.GetStringAsync("/health/ready", Ct), StringComparison.Ordinal);
        await Poll.UntilAsync(
            () => Task.FromResult(logs.GetSnapshot().Count(r => r.Message.StartsWith("Could not define the recurring jobs", StringComparison.Ordinal))),
            failures => failures >= 1,
            TimeSpan.FromSeconds(60),
            "the failed definition to be logged");
        Assert.Equal(FirstCron, await TickCronAsync(connectionString));

        await ExecuteAsync(connectionString, $"DELETE FROM hangfire.lock WHERE resource = '{TickDefinitionLock}'");
        await Poll.UntilAsync(() => TickCronAsync(connectionString), cron => cron == SecondCron, TimeSpan.FromSeconds(60), "the second instance's definition");
    }

    [Theory]
    [InlineData(true, "default")]
    [InlineData(false, Majster.Admin.Jobs.JobsExtensions.NoJobsQueue)]
    public async Task AnInstancesHangfireServer_TakesTheJobs_OnlyWhenItRunsTheScheduler(bool enabled, string queue)
    {
        var connectionString = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        await using var instance = new MajsterAppFactory(connectionString).WithSetting("Scheduler:Enabled", enabled ? "true" : "false");
        instance.StartServer();

        var announced = await Poll.UntilAsync(
            () => ScalarAsync(connectionString, "SELECT (data::jsonb -> 'Queues')::text FROM hangfire.server LIMIT 1"),
            queues => queues is not null,
            TimeSpan.FromSeconds(30),
            "the Hangfire server's announcement");
        Assert.Equal($"[\"{queue}\"]", announced);
    }

    private static MajsterAppFactory Instance(string connectionString, string cron) => new MajsterAppFactory(connectionString)
        .WithSetting("Scheduler:Enabled", "true")
        .WithSetting("Scheduler:Cron", cron);

    private static Task<string?> TickCronAsync(string connectionString) => ScalarAsync(
        connectionString, "SELECT value FROM hangfire.hash WHERE key = 'recurring-job:process-scheduled-offers' AND field = 'Cron'");

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(Ct) as string;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
