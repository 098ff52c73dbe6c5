using Majster.Core.Data.Backups;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Majster.Core.Data.Configurations;

internal sealed class DatabaseRestoreEntityTypeConfiguration : IEntityTypeConfiguration<DatabaseRestore>
{
    public void Configure(EntityTypeBuilder<DatabaseRestore> builder)
    {
        builder.ToTable("database_restores");
        builder.Property(r => r.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.HasIndex(r => r.RestoredAt);
    }
}
