using Majster.Tests.Support;
using Npgsql;

namespace Majster.Tests.Integration;

/// <summary>The migrated schema on a real database: the runbook's table, constraint and indexes.</summary>
[Trait("Category", "Integration")]
public sealed class SchemaTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData("id", "uuid")]
    [InlineData("offer_id", "uuid")]
    [InlineData("user_id", "uuid")]
    [InlineData("client_email", "text")]
    [InlineData("subject", "text")]
    [InlineData("message", "text")]
    [InlineData("pdf_url", "text")]
    [InlineData("status", "character varying")]
    [InlineData("scheduled_for", "timestamp with time zone")]
    [InlineData("retry_count", "integer")]
    [InlineData("max_retries", "integer")]
    [InlineData("last_retry_at", "timestamp with time zone")]
    [InlineData("processed_at", "timestamp with time zone")]
    [InlineData("error_message", "text")]
    [InlineData("locked_until", "timestamp with time zone")]
    [InlineData("locked_by", "character varying")]
    [InlineData("created_at", "timestamp with time zone")]
    [InlineData("updated_at", "timestamp with time zone")]
    public async Task OfferSends_HasTheRunbooksColumn_WithItsType(string column, string type)
    {
        var actual = await ScalarAsync<string>(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'offer_sends' AND column_name = @p", column);

        Assert.Equal(type, actual);
    }

    [Fact]
    public async Task OfferSends_DefaultsMaxRetriesToThreeAndRetryCountToZero()
    {
        var maxRetries = await ScalarAsync<string>(
            "SELECT column_default FROM information_schema.columns WHERE table_name = 'offer_sends' AND column_name = @p", "max_retries");
        var retryCount = await ScalarAsync<string>(
            "SELECT column_default FROM information_schema.columns WHERE table_name = 'offer_sends' AND column_name = @p", "retry_count");

        Assert.Equal("3", maxRetries);
        Assert.Equal("0", retryCount);
    }

    [Fact]
    public async Task OfferSends_RejectsAnUnknownStatus()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(
            """
            WITH u AS (INSERT INTO users (id, access_failed_count, email_confirmed, lockout_enabled, phone_number_confirmed, two_factor_enabled, time_zone_id, created_at)
                       VALUES (gen_random_uuid(), 0, true, false, false, false, 'UTC', now()) RETURNING id),
                 o AS (INSERT INTO offers (user_id, title, client_name, client_email, total_amount, currency, language, created_at, updated_at)
                       SELECT id, 't', 'c', 'c@example.com', 1, 'PLN', 'pl', now(), now() FROM u RETURNING id, user_id)
            INSERT INTO offer_sends (offer_id, user_id, client_email, subject, status, created_at, updated_at)
            SELECT id, user_id, 'c@example.com', 's', @p, now(), now() FROM o
            """, "bogus"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal("ck_offer_sends_status", error.ConstraintName);
    }

    [Theory]
    [InlineData("idx_offer_sends_scheduled_for", "(scheduled_for)", "WHERE ((status)::text = 'scheduled'::text)")]
    [InlineData("idx_offer_sends_retry", "(retry_count)", "WHERE (retry_count > 0)")]
    public async Task OfferSends_HasTheRunbooksIndex_PartialAsDesigned(string name, string columns, string predicate)
    {
        var definition = await ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE tablename = 'offer_sends' AND indexname = @p", name);

        Assert.NotNull(definition);
        Assert.Contains(columns, definition, StringComparison.Ordinal);
        Assert.EndsWith(predicate, definition, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("offers")]
    [InlineData("offer_send_attempts")]
    [InlineData("offer_send_events")]
    [InlineData("api_tokens")]
    [InlineData("users")]
    [InlineData("roles")]
    public async Task Schema_HasTheTable(string table)
    {
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = @p", table));
    }

    [Fact]
    public async Task Users_HaveATimeZoneThatDefaultsToWarsaw()
    {
        var defaultValue = await ScalarAsync<string>(
            "SELECT column_default FROM information_schema.columns WHERE table_name = 'users' AND column_name = @p", "time_zone_id");

        Assert.Contains("Europe/Warsaw", defaultValue, StringComparison.Ordinal);
    }

    private async Task<T?> ScalarAsync<T>(string sql, object parameter)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p", parameter);
        var value = await command.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }
}
