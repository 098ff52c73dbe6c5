using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Majster.Core.Data.Configurations;

internal sealed class OfferSendAttemptEntityTypeConfiguration : IEntityTypeConfiguration<OfferSendAttempt>
{
    public void Configure(EntityTypeBuilder<OfferSendAttempt> builder)
    {
        builder.ToTable("offer_send_attempts", table =>
            table.HasCheckConstraint("ck_offer_send_attempts_outcome", "outcome IN ('sent', 'transient_failure', 'permanent_failure')"));
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Outcome).HasConversion(ValueConversions.Outcome).HasMaxLength(24);
        builder.Property(a => a.Instance).HasMaxLength(200);
        builder.Property(a => a.Failure).HasConversion(ValueConversions.Failure).HasMaxLength(32);
        builder.HasIndex(a => new { a.OfferSendId, a.AttemptNumber });
        builder.HasIndex(a => a.StartedAt);
    }
}
