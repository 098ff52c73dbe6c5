using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Majster.Core.Data.Configurations;

internal sealed class OfferSendEventEntityTypeConfiguration : IEntityTypeConfiguration<OfferSendEvent>
{
    public void Configure(EntityTypeBuilder<OfferSendEvent> builder)
    {
        builder.ToTable("offer_send_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Actor).HasMaxLength(64);
        builder.Property(e => e.Action).HasMaxLength(32);
        builder.Property(e => e.StatusBefore).HasConversion(ValueConversions.Status).HasMaxLength(16);
        builder.Property(e => e.StatusAfter).HasConversion(ValueConversions.Status).HasMaxLength(16);
        builder.Property(e => e.Failure).HasConversion(ValueConversions.Failure).HasMaxLength(32);
        builder.HasIndex(e => new { e.OfferSendId, e.At });
    }
}
