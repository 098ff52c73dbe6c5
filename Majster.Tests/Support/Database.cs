using Majster.Core;
using Majster.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Support;

/// <summary>Helpers to reach a test database directly, configured as the app configures it.</summary>
public static class Database
{
    public static MajsterDbContext CreateContext(string connectionString)
    {
        var options = new DbContextOptionsBuilder<MajsterDbContext>();
        MajsterCoreExtensions.ConfigureDbContext(options, connectionString);
        return new MajsterDbContext(options.Options);
    }
}
