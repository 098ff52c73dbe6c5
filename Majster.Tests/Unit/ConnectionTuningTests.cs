using Majster.Core;
using Npgsql;

namespace Majster.Tests.Unit;

/// <summary>
/// The app's pooled connections keep their sessions, prepare frequent statements and are capped near the cores, unless
/// told otherwise.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ConnectionTuningTests
{
    [Fact]
    public void Tune_KeepsSessionsAndPreparesStatements_WhenTheConnectionStringSaysNothing()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=db;Username=majster");

        MajsterCoreExtensions.TuneConnections(connection);

        Assert.True(connection.NoResetOnClose);
        Assert.Equal(64, connection.MaxAutoPrepare);
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
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Maximum Pool Size=50")]
    [InlineData("Host=db;maxautoprepare=0;noresetonclose=false;maxpoolsize=50")]
    public void Tune_LeavesWhatTheConnectionStringSets(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);

        MajsterCoreExtensions.TuneConnections(connection);

        Assert.False(connection.NoResetOnClose);
        Assert.Equal(0, connection.MaxAutoPrepare);
        Assert.Equal(50, connection.MaxPoolSize);
    }
}
