using Majster.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Majster.Tests.Integration.Operations;

/// <summary>Migration OfferSendCountsAndIndexes on a database that already has offer sends: it counts them.</summary>
public sealed class MetricsCountsMigrationTests(PostgresCluster cluster)
{
    private const string Before = "20261128153601_OfferSendsDashboardIndexes";
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Migration_CountsTheRowsAlreadyThere_AndGoesBackDown()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await cluster.CreateDatabaseAsync(migrated: false, ct);
        await using var db = Database.CreateContext(connectionString);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before, cancellationToken: ct);
        await Seed.ScheduledSendsAsync(connectionString, Now, Now.AddHours(1), 7, ct);
        var sent = await Seed.ScheduledSendsAsync(connectionString, Now, Now.AddHours(1), 3, ct);
        await db.Database.ExecuteSqlAsync(
            $"UPDATE offer_sends SET status = 'failed', retry_count = 3, error_message = '550 No such user' WHERE offer_id = {sent[0].OfferId}", ct);

        await migrator.MigrateAsync(cancellationToken: ct);

        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT status || '/' || coalesce(error_message, '-') || '/' || sends || '/' || retries FROM offer_send_counts ORDER BY 1");
        List<string> rows = [];
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["failed/550 No such user/3/9", "scheduled/-/7/0"], rows);

        await migrator.MigrateAsync(Before, cancellationToken: ct);
        await using var gone = dataSource.CreateCommand("SELECT to_regclass('offer_send_counts') IS NULL");
        Assert.True((bool)(await gone.ExecuteScalarAsync(ct))!);
    }
}
