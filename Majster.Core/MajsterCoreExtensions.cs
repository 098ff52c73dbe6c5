using Majster.Core.Data;
using Majster.Core.Inbound;
using Majster.Core.Data.Backups;
using Majster.Core.Scheduling;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Majster.Core;

/// <summary>Registers Majster's domain, data and processing services.</summary>
public static class MajsterCoreExtensions
{
    public static IHostApplicationBuilder AddMajsterCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // The one clock. Tests replace it with a FakeTimeProvider.
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .PostConfigure<IHostEnvironment>((options, environment) =>
                options.DataDirectory = Path.Combine(environment.ContentRootPath, options.DataDirectory));

        var configuration = builder.Configuration;
        var development = builder.Environment.IsDevelopment();
        services.AddSingleton(sp => MajsterDatabase.Resolve(
            configuration, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, development, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(sp.GetRequiredService<MajsterDatabase>().ConnectionString);
            TuneConnections(dataSource.ConnectionStringBuilder);
            dataSource.UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            return dataSource.Build();
        });
        // Pooled: a request reuses a context instead of building one (and its internal services) each time.
        services.AddPooledDbContextFactory<MajsterDbContext>((sp, options) =>
            ConfigureDbContext(options, sp.GetRequiredService<NpgsqlDataSource>()));

        services.AddMajsterScheduling();
        services.AddMajsterInbound();
        services.AddSingleton<DatabaseBackup>();
        services.AddSingleton<RestoredSends>();

        // First hosted service: migrates before the others start, stops the embedded cluster after they stop.
        services.AddHostedService<DatabaseLifetime>();
        services.AddOfferSends();
        return builder;
    }

    /// <summary>
    /// A pooled connection keeps its session when it goes back to the pool (no <c>DISCARD ALL</c> with each reuse, which
    /// throws away the server's cached plans, the triggers' and foreign-key checks' included), and frequent statements
    /// are prepared once per connection, which lowers PostgreSQL's CPU per send (docs/benchmarks.md). Nothing here leaves session state behind (settings are <c>SET LOCAL</c>,
    /// the one advisory lock is released, the waker's LISTEN connection unlistens before it goes back to the pool).
    /// The pool is also capped (<see cref="DefaultMaxPoolSize"/>). A connection string that sets any of these itself
    /// wins (<c>Max Auto Prepare=0</c> behind a PgBouncer in transaction mode, say, or a larger <c>Maximum Pool Size</c>
    /// for a database server with many cores).
    /// </summary>
    public static void TuneConnections(NpgsqlConnectionStringBuilder connection)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connection.ConnectionString };
        if (!given.ContainsKey("No Reset On Close"))
        {
            connection.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare"))
        {
            connection.MaxAutoPrepare = 64;
        }

        if (!given.ContainsKey("Maximum Pool Size"))
        {
            connection.MaxPoolSize = DefaultMaxPoolSize(Environment.ProcessorCount);
        }
    }

    /// <summary>
    /// Two working connections per core, plus the one the waker keeps for LISTEN and one more. With a backend per
    /// request in flight, a database sharing a few cores with the app has its backends take turns on them, and the API
    /// answers fewer requests with a long tail; capped, a request waits for a connection in the app instead, and the
    /// database runs about as many statements at once as it has cores (docs/benchmarks.md has the API figures). A
    /// request that waits longer than the connection string's <c>Timeout</c> (15 s) is answered 503, as when the
    /// database is away. Never more than Npgsql's own default, which stays below PostgreSQL's default
    /// <c>max_connections</c>.
    /// </summary>
    internal static int DefaultMaxPoolSize(int processorCount) => Math.Min((2 * processorCount) + 2, NpgsqlDefaultMaxPoolSize);

    private const int NpgsqlDefaultMaxPoolSize = 100;

    public static void ConfigureDbContext(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, Npgsql).UseSnakeCaseNamingConvention();

    public static void ConfigureDbContext(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, Npgsql).UseSnakeCaseNamingConvention();

    private static void Npgsql(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsAssembly(typeof(MajsterDbContext).Assembly.GetName().Name);
}
