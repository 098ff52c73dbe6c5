using Majster.Admin.Jobs;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Npgsql;

namespace Majster.Tests.Integration.Scheduling;

/// <summary>
/// The trigger behind <c>offer_sends_due</c>: a row that becomes claimable within the waker's horizon is announced
/// with its due instant; a row due later is not, because the waker's own lookup finds it in time.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DueNotificationTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Horizon_LeavesTheWakersLongestSleepWellInside()
    {
        Assert.True(DueNotifications.Horizon >= 2 * DueSendWaker.LongestSleep);
    }

    [Fact]
    public async Task Trigger_AnnouncesARowDueWithinTheHorizon_AndNotOneDueBeyondIt()
    {
        var connectionString = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        var now = new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero);
        var sends = await Seed.ScheduledSendsAsync(connectionString, now, now, 2, Ct);
        // Seeding announced its rows; a fresh listener hears only what follows.
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var listener = await dataSource.OpenConnectionAsync(Ct);
        List<string> payloads = [];
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {DueNotifications.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        // The trigger's now() is the update's own, so a second either side pins the trigger's horizon to the constant.
        var beyond = DueNotifications.Horizon + TimeSpan.FromSeconds(1);
        var within = DueNotifications.Horizon - TimeSpan.FromSeconds(1);
        await RescheduleAsync(dataSource, sends[0].Id, beyond);
        var announced = await RescheduleAsync(dataSource, sends[1].Id, within);

        // Notifications arrive in commit order, so once the second is here the first would have been too.
        await Poll.UntilAsync(
            async () => await listener.WaitAsync(TimeSpan.FromMilliseconds(200), Ct) || payloads.Count > 0,
            _ => payloads.Count > 0, TimeSpan.FromSeconds(10), "the announcement of the row due within the horizon");

        var payload = Assert.Single(payloads);
        var notified = DueSendWaker.DueInstant(payload);
        Assert.NotNull(notified);
        Assert.InRange(notified.Value, announced, announced.AddMilliseconds(1));
    }

    /// <summary>Sets the row's due instant to the database's <c>now()</c> plus <paramref name="ahead"/>; returns it.</summary>
    private static async Task<DateTimeOffset> RescheduleAsync(NpgsqlDataSource dataSource, Guid id, TimeSpan ahead)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE offer_sends SET scheduled_for = now() + $2 WHERE id = $1 RETURNING scheduled_for");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = ahead });
        var dueAt = (DateTime)(await command.ExecuteScalarAsync(Ct))!;
        return new DateTimeOffset(dueAt, TimeSpan.Zero);
    }
}
