using Majster.Core.Accounts;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Majster.Tests.Integration.Operations;

/// <summary>
/// The dashboard's lateness percentiles over a busy day: the latest <see cref="OfferSendMetrics.LatenessSample"/> sends
/// of the window, read from the newest end of the lateness index, not every send of the day.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LatenessSampleTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 10, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lateness_IsTheLatestSample_OfADayWithMoreSendsThanIt()
    {
        var user = await Seed.UserAsync(database.ConnectionString, Now, Ct);
        var offer = await Seed.OfferAsync(database.ConnectionString, user.Id, Now, Ct);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        // Earlier in the day, 500 sends went out ten minutes late; since then, a full sample went out within a second.
        await using (var command = dataSource.CreateCommand("""
            INSERT INTO offer_sends (offer_id, user_id, client_email, subject, status, scheduled_for, processed_at, created_at, updated_at)
            SELECT @offer, @user, 'c@example.com', 's', 'sent', due, due + late, @now, @now
            FROM (SELECT @now - interval '20 hours' + i * interval '1 second' AS due, interval '10 minutes' AS late
                  FROM generate_series(1, 500) i
                  UNION ALL
                  SELECT @now - interval '3 hours' + i * interval '1 second', i % 1000 * interval '1 millisecond'
                  FROM generate_series(1, @sample) i) AS sends
            """))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid>("offer", offer.Id));
            command.Parameters.Add(new NpgsqlParameter<Guid>("user", user.Id));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", Now));
            command.Parameters.Add(new NpgsqlParameter<int>("sample", OfferSendMetrics.LatenessSample));
            await command.ExecuteNonQueryAsync(Ct);
        }

        var metrics = new OfferSendMetrics(
            Database.ContextFactory(database.ConnectionString), dataSource, new FakeTimeProvider(Now), new SchedulerStatus());

        var lateness = (await metrics.GetAsync(new Actor(Guid.Empty, IsAdmin: true), Ct)).Lateness;

        // Had every send of the day counted, p99 would be ten minutes (500 of the 10,500 went out that late).
        Assert.InRange(lateness.P99Ms!.Value, 985, 995);
        Assert.InRange(lateness.P50Ms!.Value, 495, 505);
        // Every send of the sample went out within a second, which the dashboard calls on time (of the day's, 95 % did).
        Assert.Equal(1.0, lateness.OnTimeShare);
    }
}
