using Majster.Core;
using Npgsql;

namespace Majster.Tests.Unit;

/// <summary>The app's connection pool is capped near the cores, unless the connection string says otherwise.</summary>
public sealed class ConnectionTuningTests
{
    [Fact]
    public void Tune_CapsThePool_WhenTheConnectionStringSaysNothing()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=db;Username=majster");

        MajsterCoreExtensions.TuneConnections(connection);

        Assert.Equal(MajsterCoreExtensions.DefaultMaxPoolSize(Environment.ProcessorCount), connection.MaxPoolSize);
    }

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 6)]
    [InlineData(16, 34)]
    [InlineData(64, 100)]
    public void DefaultPool_IsTwoConnectionsPerCore_PlusTheWakersAndOneMore_NeverAboveNpgsqlsDefault(int cores, int expected) =>
        Assert.Equal(expected, MajsterCoreExtensions.DefaultMaxPoolSize(cores));

    [Theory]
    [InlineData("Host=db;Maximum Pool Size=50")]
    [InlineData("Host=db;maxpoolsize=50")]
    public void Tune_LeavesThePoolSizeTheConnectionStringSets(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);

        MajsterCoreExtensions.TuneConnections(connection);

        Assert.Equal(50, connection.MaxPoolSize);
    }
}
