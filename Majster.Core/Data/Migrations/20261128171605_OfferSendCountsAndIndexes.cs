using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// The dashboard's big counts without counting. <c>offer_send_counts</c> holds signed deltas per key (status, and
    /// the error message when the row counts in the error breakdown): statement-level triggers on offer_sends append
    /// what each INSERT, UPDATE or DELETE changed, in the writer's own transaction, so at any snapshot the sum of the
    /// deltas of a key is exactly <c>count(*)</c> (and <c>sum(retry_count)</c>) of the rows with that key. Writers only
    /// append — no shared counter row to wait on or deadlock over; readers fold deltas (see
    /// <c>OfferSendMetrics.CompactCountsSql</c>). TRUNCATE clears it. Anyone who writes offer_sends with triggers off
    /// (<c>session_replication_role = replica</c>, DISABLE TRIGGER ALL) must rebuild it as <see cref="BackfillSql"/> does.
    /// Also: the lateness query and an admin's grid (newest first over all rows) get an index each, and the sent-retry
    /// index (now served by the counts) goes.
    /// </summary>
    public partial class OfferSendCountsAndIndexes : Migration
    {
        /// <summary>Counts every row; the trigger already exists and the table lock holds writers off until commit.</summary>
        private const string BackfillSql = """
            INSERT INTO offer_send_counts (status, error_message, sends, retries)
            SELECT status, offer_send_counted_error(status, retry_count, error_message), count(*), sum(retry_count)
            FROM offer_sends
            GROUP BY 1, 2;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_offer_sends_sent_retry",
                table: "offer_sends");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_sent_processed",
                table: "offer_sends",
                column: "processed_at",
                filter: "status = 'sent'")
                .Annotation("Npgsql:IndexInclude", new[] { "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_created",
                table: "offer_sends",
                column: "created_at");

            migrationBuilder.Sql("""
                LOCK TABLE offer_sends IN SHARE ROW EXCLUSIVE MODE;

                CREATE TABLE offer_send_counts (
                    status text NOT NULL,
                    error_message text NULL,
                    sends bigint NOT NULL,
                    retries bigint NOT NULL);

                -- The error breakdown's rule (a message on a row that was retried or failed), in one place.
                CREATE FUNCTION offer_send_counted_error(status text, retry_count integer, error_message text) RETURNS text
                    LANGUAGE sql IMMUTABLE PARALLEL SAFE
                    RETURN CASE WHEN retry_count > 0 OR status = 'failed' THEN error_message END;

                CREATE FUNCTION offer_send_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO offer_send_counts (status, error_message, sends, retries)
                        SELECT status, offer_send_counted_error(status, retry_count, error_message), count(*), sum(retry_count)
                        FROM new_rows GROUP BY 1, 2;
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO offer_send_counts (status, error_message, sends, retries)
                        SELECT status, offer_send_counted_error(status, retry_count, error_message), -count(*), -sum(retry_count)
                        FROM old_rows GROUP BY 1, 2;
                    ELSE
                        -- A lease taken or given back changes no key: nothing is appended.
                        INSERT INTO offer_send_counts (status, error_message, sends, retries)
                        SELECT status, error_message, sum(sends), sum(retries)
                        FROM (SELECT status, offer_send_counted_error(status, retry_count, error_message) AS error_message,
                                     1 AS sends, retry_count AS retries
                              FROM new_rows
                              UNION ALL
                              SELECT status, offer_send_counted_error(status, retry_count, error_message), -1, -retry_count
                              FROM old_rows) AS change
                        GROUP BY 1, 2
                        HAVING sum(sends) <> 0 OR sum(retries) <> 0;
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE FUNCTION offer_send_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    TRUNCATE offer_send_counts;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER offer_send_counts_insert AFTER INSERT ON offer_sends
                    REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_track();
                CREATE TRIGGER offer_send_counts_update AFTER UPDATE ON offer_sends
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_track();
                CREATE TRIGGER offer_send_counts_delete AFTER DELETE ON offer_sends
                    REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_track();
                CREATE TRIGGER offer_send_counts_truncate AFTER TRUNCATE ON offer_sends
                    FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_clear();
                """);
            migrationBuilder.Sql(BackfillSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER offer_send_counts_truncate ON offer_sends;
                DROP TRIGGER offer_send_counts_delete ON offer_sends;
                DROP TRIGGER offer_send_counts_update ON offer_sends;
                DROP TRIGGER offer_send_counts_insert ON offer_sends;
                DROP FUNCTION offer_send_counts_clear();
                DROP FUNCTION offer_send_counts_track();
                DROP FUNCTION offer_send_counted_error(text, integer, text);
                DROP TABLE offer_send_counts;
                """);

            migrationBuilder.DropIndex(
                name: "idx_offer_sends_sent_processed",
                table: "offer_sends");

            migrationBuilder.DropIndex(
                name: "idx_offer_sends_created",
                table: "offer_sends");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_sent_retry",
                table: "offer_sends",
                column: "retry_count",
                filter: "status = 'sent'");
        }
    }
}
