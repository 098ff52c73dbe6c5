using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// Every failure's kind stored beside its text (<c>FailureReason.Code</c>), on sends, attempts and the engine's
    /// events; the dashboard's counts keyed by owner and by that kind too.
    /// </summary>
    public partial class FailureCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "failure",
                table: "offer_sends",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "failure",
                table: "offer_send_events",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "failure",
                table: "offer_send_attempts",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.Sql(CountFailuresSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CountErrorTextsOnlySql);

            migrationBuilder.DropColumn(
                name: "failure",
                table: "offer_sends");

            migrationBuilder.DropColumn(
                name: "failure",
                table: "offer_send_events");

            migrationBuilder.DropColumn(
                name: "failure",
                table: "offer_send_attempts");
        }

        /// <summary>
        /// The dashboard's counts keyed also by owner, so that a staff member's figures read them as an admin's do, and
        /// by each counted error's kind beside its text (<c>OfferSendCounts</c>); rebuilt from the rows.
        /// </summary>
        private const string CountFailuresSql = """
            ALTER TABLE offer_send_counts ADD COLUMN user_id uuid NULL, ADD COLUMN failure text NULL;
            CREATE OR REPLACE FUNCTION offer_send_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO offer_send_counts (user_id, status, error_message, failure, sends, retries)
                    SELECT user_id, status, offer_send_counted_error(status, retry_count, error_message),
                           offer_send_counted_error(status, retry_count, failure), count(*), sum(retry_count)
                    FROM new_rows GROUP BY 1, 2, 3, 4;
                ELSIF TG_OP = 'DELETE' THEN
                    INSERT INTO offer_send_counts (user_id, status, error_message, failure, sends, retries)
                    SELECT user_id, status, offer_send_counted_error(status, retry_count, error_message),
                           offer_send_counted_error(status, retry_count, failure), -count(*), -sum(retry_count)
                    FROM old_rows GROUP BY 1, 2, 3, 4;
                ELSE
                    -- A lease taken or given back changes no key: nothing is appended.
                    INSERT INTO offer_send_counts (user_id, status, error_message, failure, sends, retries)
                    SELECT user_id, status, error_message, failure, sum(sends), sum(retries)
                    FROM (SELECT user_id, status, offer_send_counted_error(status, retry_count, error_message) AS error_message,
                                 offer_send_counted_error(status, retry_count, failure) AS failure,
                                 1 AS sends, retry_count AS retries
                          FROM new_rows
                          UNION ALL
                          SELECT user_id, status, offer_send_counted_error(status, retry_count, error_message),
                                 offer_send_counted_error(status, retry_count, failure), -1, -retry_count
                          FROM old_rows) AS change
                    GROUP BY 1, 2, 3, 4
                    HAVING sum(sends) <> 0 OR sum(retries) <> 0;
                END IF;
                RETURN NULL;
            END $$;
            LOCK TABLE offer_sends IN SHARE ROW EXCLUSIVE MODE;
            TRUNCATE offer_send_counts;
            INSERT INTO offer_send_counts (user_id, status, error_message, failure, sends, retries)
            SELECT user_id, status, offer_send_counted_error(status, retry_count, error_message),
                   offer_send_counted_error(status, retry_count, failure), count(*), sum(retry_count)
            FROM offer_sends GROUP BY 1, 2, 3, 4;
            """;

        /// <summary>The counts as <c>InitialSchema</c> made them.</summary>
        private const string CountErrorTextsOnlySql = """
            CREATE OR REPLACE FUNCTION offer_send_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
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
            ALTER TABLE offer_send_counts DROP COLUMN user_id, DROP COLUMN failure;
            TRUNCATE offer_send_counts;
            INSERT INTO offer_send_counts (status, error_message, sends, retries)
            SELECT status, offer_send_counted_error(status, retry_count, error_message), count(*), sum(retry_count)
            FROM offer_sends GROUP BY 1, 2;
            """;
    }
}
