using Majster.Core;
using Npgsql;

namespace Majster.Tests.Unit;

/// <summary>The app's pooled connections keep their sessions and prepare frequent statements, unless told otherwise.</summary>
public sealed class ConnectionTuningTests
{
    [Fact]
    public void Tune_KeepsSessionsAndPreparesStatements_WhenTheConnectionStringSaysNothing()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=db;Username=majster");

        MajsterCoreExtensions.TuneConnections(connection);

        Assert.True(connection.NoResetOnClose);
        Assert.Equal(64, connection.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;noresetonclose=false")]
    public void Tune_LeavesWhatTheConnectionStringSets(string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);

        MajsterCoreExtensions.TuneConnections(connection);

        Assert.False(connection.NoResetOnClose);
        Assert.Equal(0, connection.MaxAutoPrepare);
    }
}
