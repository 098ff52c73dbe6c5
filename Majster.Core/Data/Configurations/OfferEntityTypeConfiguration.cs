using Majster.Core.Accounts;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Majster.Core.Data.Configurations;

internal sealed class OfferEntityTypeConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> builder)
    {
        builder.ToTable("offers", table =>
        {
            table.HasCheckConstraint("ck_offers_language", "language IN ('pl', 'en')");
            table.HasCheckConstraint("ck_offers_total_amount", "total_amount >= 0");
        });
        builder.Property(o => o.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(o => o.Title).HasMaxLength(300);
        builder.Property(o => o.ClientName).HasMaxLength(200);
        builder.Property(o => o.ClientEmail).HasMaxLength(320);
        builder.Property(o => o.TotalAmount).HasPrecision(18, 2);
        builder.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.Language).HasMaxLength(2);
        builder.HasOne<MajsterUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.UserId, o.CreatedAt });
    }
}
