using Majster.Core.Accounts;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Majster.Core.Data.Configurations;

internal sealed class MajsterUserEntityTypeConfiguration : IEntityTypeConfiguration<MajsterUser>
{
    public void Configure(EntityTypeBuilder<MajsterUser> builder)
    {
        builder.Property(u => u.TimeZoneId).HasMaxLength(64).HasDefaultValue(MajsterUser.DefaultTimeZoneId);
        builder.Property(u => u.Culture).HasMaxLength(8);
        builder.Property(u => u.ReplyName).HasMaxLength(OfferInputRules.MaxNameLength);
        builder.Property(u => u.ReplyAddress).HasMaxLength(OfferInputRules.MaxEmailLength);
        builder.Property(u => u.CompanyName).HasMaxLength(OfferInputRules.MaxNameLength);
    }
}
