namespace Majster.Tests.Support;

/// <summary>A fresh migrated database for one test class.</summary>
public sealed class DatabaseFixture(PostgresCluster cluster) : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync() => ConnectionString = await cluster.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
