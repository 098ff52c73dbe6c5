using Majster.Core.Inbound;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Majster.Core.Data.Configurations;

internal static class InboundConversions
{
    public static readonly ValueConverter<InboundOutcome, string> Outcome =
        new(outcome => outcome.ToText(), text => InboundOutcomeText.Parse(text));
}

internal sealed class InboundMessageEntityTypeConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("inbound_messages");
        builder.Property(m => m.Id).UseIdentityAlwaysColumn();
        builder.Property(m => m.Outcome).HasConversion(InboundConversions.Outcome).HasMaxLength(16);
        builder.Property(m => m.Folder).HasMaxLength(200);
        builder.HasOne<OfferSend>().WithMany().HasForeignKey(m => m.OfferSendId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.OfferSendId);
        // The dashboard's bounces over the last days.
        builder.HasIndex(m => new { m.Outcome, m.ReadAt });
    }
}

internal sealed class OfferSendDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<OfferSendDelivery>
{
    public void Configure(EntityTypeBuilder<OfferSendDelivery> builder)
    {
        builder.ToTable("offer_send_deliveries");
        builder.HasKey(d => d.OfferSendId);
        builder.Property(d => d.Outcome).HasConversion(InboundConversions.Outcome).HasMaxLength(16);
        builder.HasOne<OfferSend>().WithOne(s => s.Delivery).HasForeignKey<OfferSendDelivery>(d => d.OfferSendId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<InboundMessage>().WithMany().HasForeignKey(d => d.InboundMessageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.InboundMessageId);
    }
}

internal sealed class SuppressionEntityTypeConfiguration : IEntityTypeConfiguration<Suppression>
{
    public void Configure(EntityTypeBuilder<Suppression> builder)
    {
        builder.ToTable("suppressions");
        builder.HasKey(s => s.Address);
        builder.Property(s => s.Address).HasMaxLength(OfferInputRules.MaxEmailLength);
        builder.HasOne<OfferSend>().WithMany().HasForeignKey(s => s.OfferSendId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<InboundMessage>().WithMany().HasForeignKey(s => s.InboundMessageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => s.OfferSendId);
        builder.HasIndex(s => s.InboundMessageId);
    }
}
