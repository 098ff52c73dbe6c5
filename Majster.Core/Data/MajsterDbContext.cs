using Majster.Core.Accounts;
using Majster.Core.Data.Backups;
using Majster.Core.Offers;
using Majster.Core.Requests;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Majster.Core.Data;

/// <summary>
/// The one database: offers, their sends, attempts, audit events, what came back from the bounce mailbox and the
/// suppressed addresses, users and API tokens, and the data-protection keys
/// that every instance shares (so a cookie or antiforgery token issued by one is accepted by all).
/// </summary>
public sealed class MajsterDbContext(DbContextOptions<MajsterDbContext> options)
    : IdentityDbContext<MajsterUser, MajsterRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Offer> Offers => Set<Offer>();
    public DbSet<OfferSend> OfferSends => Set<OfferSend>();
    public DbSet<OfferSendAttempt> OfferSendAttempts => Set<OfferSendAttempt>();
    public DbSet<OfferSendEvent> OfferSendEvents => Set<OfferSendEvent>();
    public DbSet<Inbound.InboundMessage> InboundMessages => Set<Inbound.InboundMessage>();
    public DbSet<Inbound.OfferSendDelivery> OfferSendDeliveries => Set<Inbound.OfferSendDelivery>();
    public DbSet<Inbound.Suppression> Suppressions => Set<Inbound.Suppression>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<DatabaseRestore> DatabaseRestores => Set<DatabaseRestore>();
    public DbSet<Scheduling.SendingState> SendingState => Set<Scheduling.SendingState>();
    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity's tables under plain snake_case names, like the rest (offer_sends.user_id → users).
        builder.Entity<MajsterUser>().ToTable("users");
        builder.Entity<MajsterRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");
        builder.ApplyConfigurationsFromAssembly(typeof(MajsterDbContext).Assembly);
        SearchText.Map(builder);
    }
}
