using Majster.Core.Accounts;
using Majster.Core.Offers;
using Microsoft.EntityFrameworkCore;

namespace Majster.Tests.Support;

/// <summary>Rows a test needs, made fresh with unique values so no test depends on another's data.</summary>
public static class Seed
{
    /// <summary>
    /// A staff user, inserted by naming only Identity's own columns and the time zone, so that it can be seeded on a
    /// database migrated to an earlier version too (a migration test) whatever columns later migrations add.
    /// </summary>
    public static async Task<MajsterUser> UserAsync(string connectionString, DateTimeOffset now, CancellationToken ct)
    {
        await using var db = Database.CreateContext(connectionString);
        var email = $"staff-{Guid.NewGuid():N}@tests.local";
        var user = new MajsterUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString("N"),
            CreatedAt = now,
        };
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO users (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, security_stamp,
                               concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled,
                               access_failed_count, time_zone_id, created_at)
            VALUES ({user.Id}, {user.UserName}, {user.NormalizedUserName}, {user.Email}, {user.NormalizedEmail}, false,
                    {user.SecurityStamp}, {user.ConcurrencyStamp}, false, false, false, 0, {user.TimeZoneId}, {now})
            """, ct);
        return user;
    }

    public static async Task<Offer> OfferAsync(string connectionString, Guid userId, DateTimeOffset now, CancellationToken ct, string language = "pl")
    {
        await using var db = Database.CreateContext(connectionString);
        var offer = new Offer
        {
            UserId = userId,
            Title = "Remont łazienki",
            ClientName = "Jan Kowalski",
            ClientEmail = "jan.kowalski@example.com",
            TotalAmount = 12345.50m,
            Currency = "PLN",
            Language = language,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Offers.Add(offer);
        await db.SaveChangesAsync(ct);
        return offer;
    }

    /// <summary>Scheduled sends due at <paramref name="dueAt"/> for one new user and offer.</summary>
    public static async Task<IReadOnlyList<OfferSend>> ScheduledSendsAsync(
        string connectionString, DateTimeOffset now, DateTimeOffset dueAt, int count, CancellationToken ct, int maxRetries = 3, string subject = "Oferta")
    {
        var user = await UserAsync(connectionString, now, ct);
        var offer = await OfferAsync(connectionString, user.Id, now, ct);
        await using var db = Database.CreateContext(connectionString);
        var sends = Enumerable.Range(0, count).Select(i => new OfferSend
        {
            OfferId = offer.Id,
            UserId = user.Id,
            ClientEmail = $"client{i}@example.com",
            ClientName = $"Client {i}",
            Subject = $"{subject} {i}",
            Message = "Dzień dobry, w załączeniu oferta.",
            Status = OfferSendStatus.Scheduled,
            ScheduledFor = dueAt,
            MaxRetries = maxRetries,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        db.OfferSends.AddRange(sends);
        await db.SaveChangesAsync(ct);
        return sends;
    }

    /// <summary>
    /// One send per row of one new offer of <paramref name="userId"/>'s, to the named client, created a second apart in the
    /// order given (the grid's default is newest first): scheduled ones a day ahead, sent and failed ones two hours ago.
    /// </summary>
    public static async Task<IReadOnlyList<OfferSend>> SendsToAsync(
        string connectionString, Guid userId, DateTimeOffset now, CancellationToken ct, params (string Subject, OfferSendStatus Status, string Client)[] sends)
    {
        var offer = await OfferAsync(connectionString, userId, now, ct);
        await using var db = Database.CreateContext(connectionString);
        var created = now.AddHours(-1);
        var rows = sends.Select(send =>
        {
            created = created.AddSeconds(1);
            return new OfferSend
            {
                OfferId = offer.Id, UserId = userId, ClientName = send.Client, ClientEmail = "client@example.com", Subject = send.Subject,
                Message = "Dzień dobry", Status = send.Status, CreatedAt = created, UpdatedAt = created,
                ScheduledFor = send.Status switch
                {
                    OfferSendStatus.Pending => null,
                    OfferSendStatus.Scheduled => now.AddDays(1),
                    _ => now.AddHours(-2),
                },
                ProcessedAt = send.Status == OfferSendStatus.Sent ? now.AddHours(-2) : null,
            };
        }).ToList();
        db.OfferSends.AddRange(rows);
        await db.SaveChangesAsync(ct);
        return rows;
    }
}
