using System.Net;
using Majster.Core.Data;
using Majster.Tests.Support;

namespace Majster.Tests.Integration.Reliability;

/// <summary>
/// The database restarts mid-drain (its own cluster, so no other test is disturbed): the app stays up, reports
/// not-ready and answers the API with 503 while the database is away, recovers on its own, and loses nothing.
/// </summary>
[Trait("Category", "Deployment")]
public sealed class DatabaseRestartTests : ProcessDrain
{
    private const int Sends = 1500;
    private const string AdminToken = "mjt_reliability_admin_token_0123456789";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "majster-restart-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ITestOutputHelper _output;
    private EmbeddedPostgres? _server;

    public DatabaseRestartTests(ITestOutputHelper output)
        : base(cluster: null) => _output = output;

    private EmbeddedPostgresSettings Settings => new() { DataDirectory = _directory, Durable = false };

    protected override async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        _server = await EmbeddedPostgres.StartAsync(Settings, cancellationToken: cancellationToken);
        await _server.EnsureDatabaseAsync("majster", cancellationToken: cancellationToken);
        return _server.ConnectionString("majster");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.StopAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task DatabaseRestart_AppStaysUp_Reports503WhileDown_AndDeliversEverything()
    {
        var app = (await StartAppsAsync(1, "restart", new Dictionary<string, string>
        {
            ["Scheduler__LockTtl"] = "00:00:05",
            ["Bootstrap__AdminEmail"] = "admin@reliability.local",
            ["Bootstrap__AdminPassword"] = "Reliability-admin-password-1",
            ["Bootstrap__AdminApiToken"] = AdminToken,
        }))[0];
        await Poll.UntilAsync(() => StatusAsync(app, "/health/ready"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready before the outage");

        await SeedDueAsync(Sends);
        await Poll.UntilAsync(() => CountAsync("sent"), n => n >= 100, TimeSpan.FromSeconds(60), "the drain to be under way");
        var port = _server!.Port;
        await _server.StopAsync(Ct);

        await Poll.UntilAsync(() => StatusAsync(app, "/health/ready"), s => s == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20), "not ready while the database is down");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(app, "/api/offer-sends", AdminToken));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, "/health"));

        _server = await EmbeddedPostgres.StartAsync(Settings with { Port = port }, cancellationToken: Ct);
        // This test's own pooled connections died with the server too.
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Poll.UntilAsync(() => StatusAsync(app, "/health/ready"), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "ready again after the restart");
        await WaitUntilAllSentAsync(Sends, TimeSpan.FromSeconds(90));

        Assert.False(app.HasExited, app.Output);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app, "/api/offer-sends", AdminToken));
        var received = ReceivedPerMessageId();
        Assert.Equal(Sends, received.Count);
        _output.WriteLine($"Restarted the database mid-drain; {Duplicates(received).Count} duplicate deliveries (outcomes lost with the connection)");
    }
}
