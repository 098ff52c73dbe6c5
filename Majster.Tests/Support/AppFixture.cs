namespace Majster.Tests.Support;

/// <summary>The app on a fresh database of its own, for one test class.</summary>
public class AppFixture(PostgresCluster cluster) : IAsyncLifetime
{
    public MajsterAppFactory Factory { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";

    /// <summary>Whether the class starts on the migrated template (true) or on an empty database the app must migrate.</summary>
    protected virtual bool StartMigrated => true;

    /// <summary>Adjusts the factory before the app starts (settings, services).</summary>
    protected virtual void Configure(MajsterAppFactory factory)
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        ConnectionString = await cluster.CreateDatabaseAsync(StartMigrated, TestContext.Current.CancellationToken);
        Factory = new MajsterAppFactory(ConnectionString);
        Configure(Factory);
        Factory.StartServer();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }
    }
}
