using Majster.Core.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Majster.Core.Data.Configurations;

internal sealed class SendingStateEntityTypeConfiguration : IEntityTypeConfiguration<SendingState>
{
    public void Configure(EntityTypeBuilder<SendingState> builder)
    {
        builder.ToTable("sending_state", table =>
            table.HasCheckConstraint("ck_sending_state_one_row", $"id = {SendingState.OnlyId}"));
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.PausedBy).HasMaxLength(256);
        builder.Property(s => s.Reason).HasMaxLength(500);
        builder.Property(s => s.ThrottleReply).HasMaxLength(1000);
        builder.HasData(new SendingState { Id = SendingState.OnlyId, UpdatedAt = DateTimeOffset.UnixEpoch });
    }
}
