using Majster.Core.Accounts;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Majster.Core.Data.Configurations;

internal sealed class OfferSendEntityTypeConfiguration : IEntityTypeConfiguration<OfferSend>
{
    public void Configure(EntityTypeBuilder<OfferSend> builder)
    {
        builder.ToTable("offer_sends", table =>
        {
            table.HasCheckConstraint("ck_offer_sends_status", "status IN ('pending', 'scheduled', 'sent', 'failed')");
            table.HasCheckConstraint("ck_offer_sends_retries", "retry_count >= 0 AND max_retries >= 0");
        });
        // Room on each page for the next version of every row on it (a leased row is a little longer): a claim's lease
        // changes no indexed column, so on its own page it is a HOT update and touches none of the indexes below
        // (docs/benchmarks.md has what it saves per send).
        builder.HasStorageParameter("fillfactor", 45);
        builder.Property(s => s.Id).HasDefaultValueSql("gen_random_uuid()");
        builder.Property(s => s.Status).HasConversion(ValueConversions.Status).HasMaxLength(16)
            .HasDefaultValue(OfferSendStatus.Pending).HasSentinel((OfferSendStatus)(-1));
        builder.Property(s => s.RetryCount).HasDefaultValue(0);
        builder.Property(s => s.MaxRetries).HasDefaultValue(3).HasSentinel(-1);
        builder.Property(s => s.LockedBy).HasMaxLength(200);
        builder.Property(s => s.Failure).HasConversion(ValueConversions.Failure).HasMaxLength(32);
        builder.Property(s => s.Version).IsRowVersion();

        builder.HasOne(s => s.Offer).WithMany().HasForeignKey(s => s.OfferId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MajsterUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Attempts).WithOne().HasForeignKey(a => a.OfferSendId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Events).WithOne().HasForeignKey(e => e.OfferSendId).OnDelete(DeleteBehavior.Cascade);

        // The runbook's two indexes, under their names. The first serves the claim: only scheduled rows, by time.
        builder.HasIndex(s => s.ScheduledFor).HasDatabaseName("idx_offer_sends_scheduled_for")
            .HasFilter("status = 'scheduled'");
        // Covering error_message: the runbook's error breakdown (GROUP BY error_message WHERE retry_count > 0), which
        // operators run by hand, reads the index only. A send enters it only once retried.
        builder.HasIndex(s => s.RetryCount, "idx_offer_sends_retry").HasDatabaseName("idx_offer_sends_retry")
            .HasFilter("retry_count > 0").IncludeProperties(s => s.ErrorMessage);

        // The grid: a user's sends, newest first, optionally by status.
        builder.HasIndex(s => new { s.UserId, s.Status, s.CreatedAt }).HasDatabaseName("idx_offer_sends_user_status_created");
        builder.HasIndex(s => new { s.UserId, s.CreatedAt }).HasDatabaseName("idx_offer_sends_user_created");
        // An admin's grid, newest first over everyone's sends (else a sort of the whole table per page).
        builder.HasIndex(s => s.CreatedAt).HasDatabaseName("idx_offer_sends_created");

        // The dashboard's lateness (sent rows processed in the last day): a short range of this index, read alone.
        builder.HasIndex(s => s.ProcessedAt).HasDatabaseName("idx_offer_sends_sent_processed")
            .HasFilter("status = 'sent'").IncludeProperties(s => s.ScheduledFor);
        builder.HasIndex(s => new { s.Status, s.CreatedAt }).HasDatabaseName("idx_offer_sends_status_created");
        builder.HasIndex(s => s.OfferId).HasDatabaseName("idx_offer_sends_offer_id");
    }
}
