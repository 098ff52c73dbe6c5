using System.Net;
using Majster.Processes;
using Majster.Tests.Support;
using Npgsql;

namespace Majster.Tests.Integration.Reliability;

/// <summary>
/// What the fault tests share: a fresh database, the scripted SMTP sink in this process, app processes started with
/// the test's settings (all killed at the end), and the queries that say what happened to the rows.
/// </summary>
public abstract class ProcessDrain : IAsyncLifetime
{
    private readonly PostgresCluster? _cluster;
    private readonly List<AppProcess> _apps = [];

    /// <param name="cluster">The run's shared cluster; null when the test brings its own (override <see cref="CreateDatabaseAsync"/>).</param>
    protected ProcessDrain(PostgresCluster? cluster) => _cluster = cluster;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;
    protected string DatabaseConnection { get; private set; } = "";
    protected SmtpTestServer Smtp { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        DatabaseConnection = await CreateDatabaseAsync(Ct);
        Smtp = await SmtpTestServer.StartAsync(Ct);
    }

    /// <summary>A fresh database for the test; its connection string.</summary>
    protected virtual Task<string> CreateDatabaseAsync(CancellationToken cancellationToken) =>
        (_cluster ?? throw new InvalidOperationException("No cluster: override CreateDatabaseAsync.")).CreateDatabaseAsync(cancellationToken: cancellationToken);

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts app processes named <c>{prefix}-1…n</c> side by side, each with <paramref name="extra"/> settings.</summary>
    protected async Task<IReadOnlyList<AppProcess>> StartAppsAsync(int count, string prefix, IReadOnlyDictionary<string, string>? extra = null)
    {
        var starting = Enumerable.Range(1, count).Select(async i =>
        {
            var settings = AppProcess.Defaults(DatabaseConnection, Smtp.Port, $"{prefix}-{i}");
            foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            {
                settings[key] = value;
            }

            return await AppProcess.StartAsync(settings, Ct);
        }).ToList();

        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            // Whatever did start is killed at the end, even when another start failed.
            _apps.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
        }

        var started = starting.Select(t => t.Result).ToList();
        foreach (var app in started)
        {
            await Poll.UntilAsync(() => StatusAsync(app, "/health"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), $"{app.InstanceName} to be alive");
        }

        return started;
    }

    /// <summary>Inserts <paramref name="count"/> sends due now, in one statement (the trigger notifies the wakers).</summary>
    protected async Task SeedDueAsync(int count)
    {
        var now = TimeProvider.System.GetUtcNow();
        var user = await Seed.UserAsync(DatabaseConnection, now, Ct);
        var offer = await Seed.OfferAsync(DatabaseConnection, user.Id, now, Ct);
        await using var connection = new NpgsqlConnection(DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO offer_sends (offer_id, user_id, client_email, client_name, subject, message, status, scheduled_for,
                                     created_at, updated_at)
            SELECT @offer, @user, 'client' || g || '@example.com', 'Client ' || g, 'Oferta ' || g, 'Dzień dobry.',
                   'scheduled', now(), now(), now()
            FROM generate_series(1, @count) g
            """, connection);
        insert.Parameters.AddWithValue("offer", offer.Id);
        insert.Parameters.AddWithValue("user", user.Id);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync(Ct);
    }

    protected Task<long> CountAsync(string status) =>
        ScalarAsync<long>("SELECT count(*) FROM offer_sends WHERE status = @p", status);

    /// <summary>Rows whose lease <paramref name="instance"/> holds (live or expired), with the lease's expiry.</summary>
    protected Task<Dictionary<Guid, DateTimeOffset>> LeasesOfAsync(string instance) =>
        InstantsByIdAsync("SELECT id, locked_until FROM offer_sends WHERE locked_by = @instance", ("instance", instance));

    /// <summary>Runs a query of (id, instant) rows.</summary>
    protected async Task<Dictionary<Guid, DateTimeOffset>> InstantsByIdAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var query = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            query.Parameters.AddWithValue(name, value);
        }

        await using var reader = await query.ExecuteReaderAsync(Ct);
        Dictionary<Guid, DateTimeOffset> rows = [];
        while (await reader.ReadAsync(Ct))
        {
            rows[reader.GetGuid(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return rows;
    }

    protected Task<long> AttemptsByAsync(string instance) =>
        ScalarAsync<long>("SELECT count(*) FROM offer_send_attempts WHERE instance = @p", instance);

    /// <summary>Waits until every row is sent, saying how far it got when it gives up.</summary>
    protected Task WaitUntilAllSentAsync(int count, TimeSpan timeout) =>
        Poll.UntilAsync(() => CountAsync("sent"), sent => sent == count, timeout, $"all {count} sends to be sent");

    /// <summary>Accepted messages per Message-ID.</summary>
    protected Dictionary<string, int> ReceivedPerMessageId() =>
        Smtp.Accepted.GroupBy(m => m.MessageId ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    protected static string MessageIdOf(Guid id) => $"offer-send.{id}@majster.local";

    protected static async Task<HttpStatusCode> StatusAsync(AppProcess app, string path, string? bearer = null)
    {
        using var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        try
        {
            using var response = await client.SendAsync(request, Ct);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private async Task<T> ScalarAsync<T>(string sql, string parameter)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnection);
        await connection.OpenAsync(Ct);
        await using var query = new NpgsqlCommand(sql, connection);
        query.Parameters.AddWithValue("p", parameter);
        return (T)(await query.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>Message-IDs the sink accepted more than once.</summary>
    protected static IReadOnlyList<string> Duplicates(IReadOnlyDictionary<string, int> received) =>
        [.. received.Where(r => r.Value > 1).Select(r => r.Key)];
}
