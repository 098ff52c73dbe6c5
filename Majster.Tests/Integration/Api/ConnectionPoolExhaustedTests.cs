using System.Net;
using Majster.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Majster.Tests.Integration.Api;

/// <summary>
/// A request that waits for a database connection longer than the connection string's <c>Timeout</c> (every pooled
/// connection held elsewhere) is answered 503 with Retry-After, as when the database is away, and the next request
/// after a connection came free is answered as usual.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConnectionPoolExhaustedTests(PostgresCluster cluster) : IAsyncLifetime
{
    private MajsterAppFactory _factory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var connectionString = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        _factory = new MajsterAppFactory(connectionString + ";Maximum Pool Size=3;Timeout=1")
            .WithServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ApiApp.Now)));
        _factory.StartServer();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Schedule_Answers503_WhileEveryConnectionIsTaken_AndAnswersAgainOnceOneIsFree()
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", MajsterAppFactory.AdminApiToken);
        var body = """{"offerSendId": "00000000-0000-0000-0000-000000000001", "scheduledFor": "2026-01-03T10:00:00Z"}""";
        Task<HttpResponseMessage> Schedule() => client.PostAsync("/schedule-offer", ApiApp.Json(body), Ct);
        Assert.Equal(HttpStatusCode.NotFound, (await Schedule()).StatusCode);

        // Take every connection the app's pool still has (the waker keeps one for LISTEN).
        var dataSource = _factory.Services.GetRequiredService<NpgsqlDataSource>();
        List<NpgsqlConnection> held = [];
        try
        {
            while (true)
            {
                held.Add(await dataSource.OpenConnectionAsync(Ct));
            }
        }
        catch (NpgsqlException)
        {
            // The pool is exhausted.
        }

        try
        {
            Assert.NotEmpty(held);
            var refused = await Schedule();
            await Problems.AssertAsync(refused, HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(refused.Headers.RetryAfter);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await Schedule()).StatusCode);
    }
}
