using Majster.Core;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Majster.Tests.Support;

/// <summary>Helpers to reach a test database directly, configured as the app configures it.</summary>
public static class Database
{
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
