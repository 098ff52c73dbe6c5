using Majster.Core.Accounts;
using Majster.Core.Offers;
using Majster.Core.Scheduling;
using Majster.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Majster.Tests.Integration.Operations;

/// <summary>
/// <c>offer_send_counts</c> (deltas appended by triggers, folded by readers) against counting the rows themselves,
/// after every kind of write. The comparison is global — the invariant holds for the whole table — so it does not
/// matter which test's rows are in the class's database.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MetricsCountsTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    /// <summary>The runbook's queries, counting the rows, as the dashboard used to run them.</summary>
    private const string CountedSql = """
        SELECT (SELECT count(*) FROM offer_sends WHERE status = 'scheduled')::int,
               (SELECT count(*) FROM offer_sends WHERE status = 'failed')::int,
               (SELECT count(*) FROM offer_sends WHERE status = 'sent')::int,
               (SELECT coalesce(sum(retry_count), 0) FROM offer_sends WHERE status = 'sent')::bigint
        """;

    private const string CountedErrorsSql = """
        SELECT error_message, count(*)::int FROM offer_sends
        WHERE error_message IS NOT NULL AND (retry_count > 0 OR status = 'failed')
        GROUP BY error_message ORDER BY count(*) DESC, error_message LIMIT @top
        """;

    private const string OwnCountedSql = """
        SELECT count(*) FILTER (WHERE status = 'scheduled')::int, count(*) FILTER (WHERE status = 'failed')::int,
               count(*) FILTER (WHERE status = 'sent')::int, coalesce(sum(retry_count) FILTER (WHERE status = 'sent'), 0)::bigint
        FROM offer_sends WHERE user_id = @user
        """;

    private const string OwnCountedErrorsSql = """
        SELECT error_message, count(*)::int FROM offer_sends
        WHERE user_id = @user AND error_message IS NOT NULL AND (retry_count > 0 OR status = 'failed')
        GROUP BY error_message ORDER BY count(*) DESC, error_message LIMIT @top
        """;

    private const string CountedFailuresSql = """
        SELECT failure, count(*)::int FROM offer_sends
        WHERE failure IS NOT NULL AND (retry_count > 0 OR status = 'failed')
        GROUP BY failure
        """;

    private static readonly DateTimeOffset Now = new(2026, 1, 2, 10, 0, 0, TimeSpan.Zero);
    private NpgsqlDataSource _dataSource = null!;
    private Guid _offerId;
    private Guid _userId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        var user = await Seed.UserAsync(database.ConnectionString, Now, Ct);
        _offerId = (await Seed.OfferAsync(database.ConnectionString, user.Id, Now, Ct)).Id;
        _userId = user.Id;
        await ExecuteAsync("""
            INSERT INTO offer_sends (offer_id, user_id, client_email, subject, status, scheduled_for, retry_count, error_message, failure, created_at, updated_at)
            SELECT @offer, @user, 'c' || i || '@example.com', 's', (ARRAY['pending', 'scheduled', 'sent', 'failed'])[1 + i % 4],
                   @now + i * interval '1 minute', i % 3,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE (ARRAY['451 Try again later', '550 No such user', 'Connection refused'])[1 + i % 3] END,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE (ARRAY['smtp_deferred:451', 'smtp_rejected:550', 'server_unreachable'])[1 + i % 3] END,
                   @now, @now
            FROM generate_series(1, 120) i
            """, new NpgsqlParameter<Guid>("offer", _offerId), new NpgsqlParameter<Guid>("user", user.Id));
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Counts_EqualCountingTheRows_AfterInsertUpdateDeleteAndCascade()
    {
        await AssertCountsMatchAsync();

        await ExecuteAsync("UPDATE offer_sends SET status = 'sent', retry_count = retry_count + 1, error_message = NULL WHERE status = 'scheduled' AND retry_count = 1 AND offer_id = @offer");
        await ExecuteAsync("UPDATE offer_sends SET status = 'scheduled', retry_count = 0, error_message = 'Authentication failed' WHERE status = 'failed' AND offer_id = @offer");
        await ExecuteAsync("UPDATE offer_sends SET error_message = '421 Timed out' WHERE retry_count = 2 AND offer_id = @offer");
        await AssertCountsMatchAsync();

        await ExecuteAsync("DELETE FROM offer_sends WHERE status = 'pending' AND offer_id = @offer");
        await AssertCountsMatchAsync();

        await ExecuteAsync("DELETE FROM offers WHERE id = @offer");
        await AssertCountsMatchAsync();
    }

    [Fact]
    public async Task Counts_FollowAnUpdateInsideADataModifyingCte_AsTheEngineWritesOutcomes()
    {
        await ExecuteAsync("""
            WITH updated AS (
                UPDATE offer_sends SET status = 'sent', retry_count = retry_count + 1, error_message = NULL
                WHERE status = 'scheduled' AND offer_id = @offer
                RETURNING id, status)
            INSERT INTO offer_send_events (offer_send_id, at, actor, action, status_before, status_after)
            SELECT id, @now, 'scheduler', 'sent', 'scheduled', status FROM updated
            """);

        await AssertCountsMatchAsync();
    }

    [Fact]
    public async Task Counts_AreUnchanged_WhenTheWritingTransactionRollsBack()
    {
        var before = await ReadAsync(OfferSendCounts.TotalsSql);
        await using (var connection = await _dataSource.OpenConnectionAsync(Ct))
        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await using var command = new NpgsqlCommand("UPDATE offer_sends SET status = 'sent' WHERE offer_id = @offer", connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<Guid>("offer", _offerId));
            await command.ExecuteNonQueryAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(before, await ReadAsync(OfferSendCounts.TotalsSql));
        await AssertCountsMatchAsync();
    }

    [Fact]
    public async Task Claim_AppendsNoDelta_BecauseALeaseChangesNoCount()
    {
        var deltas = await DeltaRowsAsync();

        var claimed = await new OfferSendQueue(_dataSource).ClaimAsync(Now.AddDays(1), 50, TimeSpan.FromMinutes(1), "test", Ct);
        await new OfferSendQueue(_dataSource).ReleaseAsync(claimed, "test", Ct);

        Assert.NotEmpty(claimed);
        Assert.Equal(deltas, await DeltaRowsAsync());
    }

    [Fact]
    public async Task Fold_LeavesOneRowPerKey_AndTheSameSums()
    {
        await ExecuteAsync("UPDATE offer_sends SET retry_count = retry_count + 1 WHERE offer_id = @offer");
        await ExecuteAsync("UPDATE offer_sends SET retry_count = retry_count - 1 WHERE offer_id = @offer");
        var before = await ReadAsync(OfferSendCounts.TotalsSql);

        await ExecuteAsync(OfferSendCounts.FoldSql);

        Assert.Equal(before, await ReadAsync(OfferSendCounts.TotalsSql));
        var keys = await ReadAsync("SELECT count(DISTINCT (user_id, status, error_message, failure))::int FROM offer_send_counts");
        Assert.Equal(keys, await DeltaRowsAsync());
        await AssertCountsMatchAsync();
    }

    [Fact]
    public async Task FoldCountsAsync_AsTheRecurringJobRunsIt_LeavesOneRowPerKey_AndTheSameSums()
    {
        await ExecuteAsync("UPDATE offer_sends SET status = 'failed', error_message = 'boom' WHERE status = 'scheduled' AND offer_id = @offer");
        await ExecuteAsync("UPDATE offer_sends SET retry_count = retry_count + 1 WHERE offer_id = @offer");
        var before = await ReadRowAsync(OfferSendCounts.TotalsSql);
        var keys = await ReadAsync("""
            SELECT count(*)::int FROM (SELECT 1 FROM offer_send_counts GROUP BY user_id, status, error_message, failure
                                       HAVING sum(sends) <> 0 OR sum(retries) <> 0) AS nonzero
            """);
        Assert.True(await DeltaRowsAsync() > keys, "the updates should have appended deltas to fold");

        await Metrics().FoldCountsAsync(Ct);

        Assert.Equal(before, await ReadRowAsync(OfferSendCounts.TotalsSql));
        Assert.Equal(keys, await DeltaRowsAsync());
        await AssertCountsMatchAsync();
    }

    private OfferSendMetrics Metrics() =>
        new(Database.ContextFactory(database.ConnectionString), _dataSource, new FakeTimeProvider(Now), new SchedulerStatus());

    [Fact]
    public async Task Counts_AreEmpty_AfterTruncate()
    {
        await ExecuteAsync("TRUNCATE offer_sends CASCADE");

        Assert.Equal(0, await DeltaRowsAsync());
        await AssertCountsMatchAsync();
    }

    [Fact]
    public async Task Counts_StayExact_WhenWritersAndFoldsRunAtTheSameTime()
    {
        var ids = await ReadIdsAsync();
        var writers = ids.Chunk((ids.Count + 3) / 4).Select(chunk => Task.Run(async () =>
        {
            foreach (var id in chunk)
            {
                await ExecuteAsync(
                    "UPDATE offer_sends SET status = CASE status WHEN 'sent' THEN 'scheduled' ELSE 'sent' END, retry_count = retry_count + 1 WHERE id = @id",
                    new NpgsqlParameter<Guid>("id", id));
            }
        }, Ct)).ToArray();
        var folds = 0;
        var folder = Task.Run(async () =>
        {
            do
            {
                await ExecuteAsync(OfferSendCounts.FoldSql);
                folds++;
            }
            while (!writers.All(w => w.IsCompleted));
        }, Ct);

        await Task.WhenAll([.. writers, folder]);

        Assert.True(folds > 0);
        await AssertCountsMatchAsync();
    }

    [Fact]
    public async Task GetAsync_ReportsWhatCountingTheRowsReports()
    {
        await ExecuteAsync("UPDATE offer_sends SET status = 'sent', retry_count = 3 WHERE status = 'failed' AND offer_id = @offer");
        var snapshot = await Metrics().GetAsync(new Actor(Guid.Empty, IsAdmin: true), Ct);

        var counted = await ReadRowAsync(CountedSql);
        Assert.Equal((int)counted[0], snapshot.Scheduled);
        Assert.Equal((int)counted[1], snapshot.Failed);
        Assert.Equal((int)counted[2], snapshot.Sent);
        Assert.Equal(await ReadAsync<double>("SELECT avg(retry_count::float8) FROM offer_sends WHERE status = 'sent'"), snapshot.RetryRate);
        Assert.Equal(await CountedErrorsAsync(), snapshot.Errors);
        Assert.Equal(await ReadAsync("SELECT count(*)::int FROM offer_sends WHERE status = 'scheduled' AND scheduled_for < @now"), snapshot.Overdue);
    }

    [Theory]
    [InlineData]
    [InlineData(OfferSendStatus.Failed)]
    [InlineData(OfferSendStatus.Sent, OfferSendStatus.Pending)]
    public async Task ListAsync_GivesAnAdminTheCountedTotal_WhenFilteringOnlyByStatus(params OfferSendStatus[] statuses)
    {
        var queries = new OfferSendQueries(Database.ContextFactory(database.ConnectionString), new FakeTimeProvider(Now));
        var texts = statuses.Select(s => s.ToText()).ToArray();

        var page = await queries.ListAsync(new Actor(Guid.NewGuid(), IsAdmin: true), new OfferSendListQuery { Statuses = statuses, Take = 5 }, Ct);

        await using var command = Command("SELECT count(*)::int FROM offer_sends WHERE cardinality(@statuses) = 0 OR status = ANY (@statuses)",
            new NpgsqlParameter<string[]>("statuses", texts));
        Assert.Equal((int)(await command.ExecuteScalarAsync(Ct))!, page.Total);
        Assert.Equal(5, page.Items.Count);
    }

    /// <summary>The dashboard's figures from the deltas (folded or not) equal the runbook's queries over the rows.</summary>
    private async Task AssertCountsMatchAsync()
    {
        Assert.Equal(await ReadRowAsync(CountedSql), await ReadRowAsync(OfferSendCounts.TotalsSql));
        Assert.Equal(await CountedErrorsAsync(), await ErrorsAsync(OfferSendCounts.ErrorsSql));
        Assert.Equal(await ReadRowAsync(OwnCountedSql), await ReadRowAsync(OfferSendCounts.OwnTotalsSql));
        Assert.Equal(await ErrorsAsync(OwnCountedErrorsSql), await ErrorsAsync(OfferSendCounts.OwnErrorsSql));
        Assert.Equal(
            (await ErrorsAsync(CountedFailuresSql)).OrderBy(f => f.ErrorMessage, StringComparer.Ordinal),
            (await ErrorsAsync(OfferSendCounts.FailuresSql)).OrderBy(f => f.ErrorMessage, StringComparer.Ordinal));
    }

    private Task<List<ErrorCount>> CountedErrorsAsync() => ErrorsAsync(CountedErrorsSql);

    private async Task<List<ErrorCount>> ErrorsAsync(string sql)
    {
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        List<ErrorCount> errors = [];
        while (await reader.ReadAsync(Ct))
        {
            errors.Add(new ErrorCount(reader.GetString(0), reader.GetInt32(1)));
        }

        return errors;
    }

    private Task<int> DeltaRowsAsync() => ReadAsync("SELECT count(*)::int FROM offer_send_counts");

    private Task<int> ReadAsync(string sql) => ReadAsync<int>(sql);

    private async Task<T> ReadAsync<T>(string sql)
    {
        await using var command = Command(sql);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }

    private async Task<object[]> ReadRowAsync(string sql)
    {
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        var row = new object[reader.FieldCount];
        reader.GetValues(row);
        return row;
    }

    private async Task<List<Guid>> ReadIdsAsync()
    {
        await using var command = Command("SELECT id FROM offer_sends WHERE offer_id = @offer ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        List<Guid> ids = [];
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private async Task ExecuteAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>A command with the parameters every statement here may use (unused ones are ignored).</summary>
    private NpgsqlCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        if (!parameters.Any(p => p.ParameterName == "offer"))
        {
            command.Parameters.Add(new NpgsqlParameter<Guid>("offer", _offerId));
        }

        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", Now));
        command.Parameters.Add(new NpgsqlParameter<int>("top", OfferSendMetrics.TopErrors));
        command.Parameters.Add(new NpgsqlParameter<Guid>("user", _userId));
        return command;
    }
}
