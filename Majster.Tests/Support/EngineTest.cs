namespace Majster.Tests.Support;

/// <summary>Base of the engine's tests: each test gets a fresh database and its own scripted SMTP server.</summary>
public abstract class EngineTest(PostgresCluster cluster) : IAsyncLifetime
{
    protected SmtpTestServer Smtp { get; set; } = null!;
    protected string DatabaseConnection { get; private set; } = "";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        DatabaseConnection = await cluster.CreateDatabaseAsync(cancellationToken: Ct);
        Smtp = await SmtpTestServer.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
