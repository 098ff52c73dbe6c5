using Majster.Core.Email;
using Npgsql;

namespace Majster.Bench.Infrastructure;

/// <summary>The rows a scenario needs, written in bulk (INSERT … SELECT generate_series), never row by row.</summary>
internal static class BenchData
{
    public const string OfferTitle = "Remont łazienki";
    public const decimal TotalAmount = 12345.50m;
    public const string Message = "Dzień dobry, w załączeniu oferta na remont łazienki. Pozdrawiam, Majster.";

    /// <summary>An address of the length of the staff users' own, for the Reply-To of e-mails built without the database.</summary>
    public const string StaffEmail = "bench-00000000-0000-0000-0000-000000000000@bench.local";

    /// <summary>Staff users, each with one offer; returns (user id, offer id) pairs.</summary>
    public static async Task<IReadOnlyList<(Guid UserId, Guid OfferId)>> OwnersAsync(BenchDatabase db, int count, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = db.DataSource.CreateCommand("""
            WITH u AS (
                INSERT INTO users (id, time_zone_id, created_at, user_name, normalized_user_name, email, normalized_email,
                                   email_confirmed, security_stamp, phone_number_confirmed, two_factor_enabled,
                                   lockout_enabled, access_failed_count)
                SELECT gen_random_uuid(), 'Europe/Warsaw', @now, e, upper(e), e, upper(e), true, md5(e), false, false, false, 0
                FROM (SELECT 'bench-' || gen_random_uuid() || '@bench.local' AS e FROM generate_series(1, @count)) s
                RETURNING id),
            o AS (
                INSERT INTO offers (user_id, title, client_name, client_email, total_amount, currency, language, created_at, updated_at)
                SELECT id, @title, 'Jan Kowalski', 'jan.kowalski@example.com', @amount, 'PLN', 'pl', @now, @now FROM u
                RETURNING user_id, id)
            SELECT user_id, id FROM o
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<int>("count", count));
        command.Parameters.Add(new NpgsqlParameter<string>("title", OfferTitle));
        command.Parameters.Add(new NpgsqlParameter<decimal>("amount", TotalAmount));
        List<(Guid, Guid)> owners = [];
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            owners.Add((reader.GetGuid(0), reader.GetGuid(1)));
        }

        return owners;
    }

    /// <summary>
    /// <paramref name="count"/> sends of the user's, each of its own offer (as each quote goes to its own client; one
    /// offer under all of them would pile identical keys into the offer_id index as no real table does), all
    /// <c>scheduled</c> for <paramref name="scheduledFor"/> (null: <c>pending</c>), created a second apart up to
    /// <paramref name="now"/> (as people create them, not all at one instant: identical keys would pile up in the
    /// created_at indexes likewise); returns their ids in insertion order.
    /// </summary>
    public static async Task<IReadOnlyList<Guid>> SendsAsync(
        BenchDatabase db, Guid userId, int count, DateTimeOffset? scheduledFor, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = db.DataSource.CreateCommand("""
            WITH numbered AS MATERIALIZED (
                SELECT i, gen_random_uuid() AS offer_id, @now - (@count - i) * interval '1 second' AS created_at
                FROM generate_series(1, @count) i),
            offers AS (
                INSERT INTO offers (id, user_id, title, client_name, client_email, total_amount, currency, language,
                                    created_at, updated_at)
                SELECT offer_id, @user, @title, 'Client ' || i, 'client' || i || '@example.com', @amount, 'PLN', 'pl',
                       created_at, created_at
                FROM numbered)
            INSERT INTO offer_sends (offer_id, user_id, client_email, client_name, subject, message, status, scheduled_for,
                                     created_at, updated_at)
            SELECT offer_id, @user, 'client' || i || '@example.com', 'Client ' || i, 'Oferta ' || i, @message,
                   CASE WHEN @due IS NULL THEN 'pending' ELSE 'scheduled' END, @due, created_at, @now
            FROM numbered
            ORDER BY i
            RETURNING id
            """);
        command.CommandTimeout = 600;
        command.Parameters.Add(new NpgsqlParameter<string>("title", OfferTitle));
        command.Parameters.Add(new NpgsqlParameter<decimal>("amount", TotalAmount));
        command.Parameters.Add(new NpgsqlParameter<Guid>("user", userId));
        command.Parameters.Add(new NpgsqlParameter<string>("message", Message));
        command.Parameters.Add(new NpgsqlParameter("due", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)scheduledFor ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<int>("count", count));
        List<Guid> ids = new(count);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>The e-mail the engine would build for the send number <paramref name="number"/> (1-based) of <see cref="SendsAsync"/>.</summary>
    public static OfferEmail EmailFor(Guid id, int number) => new(
        id,
        ClientEmail: $"client{number}@example.com",
        ClientName: $"Client {number}",
        Subject: $"Oferta {number}",
        Message: Message,
        PdfUrl: null,
        OfferTitle: OfferTitle,
        TotalAmount: TotalAmount,
        Currency: "PLN",
        Language: "pl",
        ReplyName: null,
        ReplyAddress: StaffEmail);

    /// <summary>How many of <paramref name="ids"/> are <c>sent</c>.</summary>
    public static Task<long> CountSentAsync(BenchDatabase db, IReadOnlyList<Guid> ids, CancellationToken ct) =>
        db.ScalarAsync<long>("SELECT count(*) FROM offer_sends WHERE id = ANY(@ids) AND status = 'sent'", ct,
            new NpgsqlParameter<Guid[]>("ids", [.. ids]));
}
