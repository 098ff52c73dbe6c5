using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Majster.Core.Data;

/// <summary>For <c>dotnet ef migrations add</c>: builds the model without a running database.</summary>
internal sealed class MajsterDbContextDesignTimeFactory : IDesignTimeDbContextFactory<MajsterDbContext>
{
    public MajsterDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<MajsterDbContext>();
        MajsterCoreExtensions.ConfigureDbContext(options, "Host=localhost;Database=majster_design");
        return new MajsterDbContext(options.Options);
    }
}
