using Majster.Core;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Majster.Tests.Support;

/// <summary>Helpers to reach a test database directly, configured as the app configures it.</summary>
public static class Database
{
    /// <summary>Which of <paramref name="ids"/> (sends) meet an SQL <paramref name="rule"/> over <c>offer_sends</c> at <c>@now</c>.</summary>
    public static async Task<List<Guid>> SendsWhereAsync(string connectionString, string rule, IReadOnlyList<Guid> ids, DateTimeOffset now, CancellationToken ct)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand($"SELECT id FROM offer_sends WHERE id = ANY (@ids) AND {rule}");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<Guid[]>("ids", [.. ids]));
        command.Parameters.Add(new Npgsql.NpgsqlParameter<DateTimeOffset>("now", now));
        List<Guid> found = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    public static MajsterDbContext CreateContext(string connectionString) => new(Options(connectionString));

    /// <summary>A context factory, as the app's services get one, for a service under test built by hand.</summary>
    public static IDbContextFactory<MajsterDbContext> ContextFactory(string connectionString, params IInterceptor[] interceptors) =>
        new PooledDbContextFactory<MajsterDbContext>(Options(connectionString, interceptors));

    private static DbContextOptions<MajsterDbContext> Options(string connectionString, params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<MajsterDbContext>();
        MajsterCoreExtensions.ConfigureDbContext(options, connectionString);
        return options.AddInterceptors(interceptors).Options;
    }
}
