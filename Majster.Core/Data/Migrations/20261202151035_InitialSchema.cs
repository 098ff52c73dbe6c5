using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// The whole schema: EF's model, then what the model does not describe (<see cref="BeyondTheModelSql"/>), its
    /// SQL written out here so that the schema this migration makes never changes with the code. Nothing has been
    /// released, so there is no upgrade path from earlier schemas.
    /// </summary>
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "Europe/Warsaw"),
                    culture = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    reply_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reply_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    role_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_tokens", x => x.id);
                    table.ForeignKey(
                        name: "fk_api_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    client_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    client_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    total_amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offers", x => x.id);
                    table.CheckConstraint("ck_offers_language", "language IN ('pl', 'en')");
                    table.CheckConstraint("ck_offers_total_amount", "total_amount >= 0");
                    table.ForeignKey(
                        name: "fk_offers_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    role_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offer_sends",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    offer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    client_email = table.Column<string>(type: "text", nullable: false),
                    client_name = table.Column<string>(type: "text", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: false),
                    message = table.Column<string>(type: "text", nullable: true),
                    pdf_url = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "pending"),
                    scheduled_for = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retry_count = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    max_retries = table.Column<int>(type: "integer", nullable: false, defaultValue: 3),
                    last_retry_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    locked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    locked_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offer_sends", x => x.id);
                    table.CheckConstraint("ck_offer_sends_retries", "retry_count >= 0 AND max_retries >= 0");
                    table.CheckConstraint("ck_offer_sends_status", "status IN ('pending', 'scheduled', 'sent', 'failed')");
                    table.ForeignKey(
                        name: "fk_offer_sends_offers_offer_id",
                        column: x => x.offer_id,
                        principalTable: "offers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_offer_sends_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "offer_send_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    offer_send_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt_number = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    smtp_status_code = table.Column<int>(type: "integer", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    instance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offer_send_attempts", x => x.id);
                    table.CheckConstraint("ck_offer_send_attempts_outcome", "outcome IN ('sent', 'transient_failure', 'permanent_failure')");
                    table.ForeignKey(
                        name: "fk_offer_send_attempts_offer_sends_offer_send_id",
                        column: x => x.offer_send_id,
                        principalTable: "offer_sends",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offer_send_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    offer_send_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status_before = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    status_after = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    scheduled_for_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    scheduled_for_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offer_send_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_offer_send_events_offer_sends_offer_send_id",
                        column: x => x.offer_send_id,
                        principalTable: "offer_sends",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_token_hash",
                table: "api_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_user_id",
                table: "api_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_offer_send_attempts_offer_send_id_attempt_number",
                table: "offer_send_attempts",
                columns: new[] { "offer_send_id", "attempt_number" });

            migrationBuilder.CreateIndex(
                name: "ix_offer_send_attempts_started_at",
                table: "offer_send_attempts",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_offer_send_events_offer_send_id_at",
                table: "offer_send_events",
                columns: new[] { "offer_send_id", "at" });

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_created",
                table: "offer_sends",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_offer_id",
                table: "offer_sends",
                column: "offer_id");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_retry",
                table: "offer_sends",
                column: "retry_count",
                filter: "retry_count > 0")
                .Annotation("Npgsql:IndexInclude", new[] { "error_message" });

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_scheduled_for",
                table: "offer_sends",
                column: "scheduled_for",
                filter: "status = 'scheduled'");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_sent_processed",
                table: "offer_sends",
                column: "processed_at",
                filter: "status = 'sent'")
                .Annotation("Npgsql:IndexInclude", new[] { "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_status_created",
                table: "offer_sends",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_user_created",
                table: "offer_sends",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_user_status_created",
                table: "offer_sends",
                columns: new[] { "user_id", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_offers_user_id_created_at",
                table: "offers",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.Sql(BeyondTheModelSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DropBeyondTheModelSql);

            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "offer_send_attempts");

            migrationBuilder.DropTable(
                name: "offer_send_events");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "offer_sends");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "offers");

            migrationBuilder.DropTable(
                name: "users");
        }

        /// <summary>
        /// The notifications that wake the scheduler (the channel and horizon of <c>DueNotifications</c>) and refresh
        /// open pages (<c>SchemaNames.ChangedChannel</c>), the dashboard's counts (<c>OfferSendCounts</c>), and the
        /// accent-insensitive search (<c>SearchText</c>).
        /// </summary>
        private const string BeyondTheModelSql = """
            -- offer_sends_due: a row that became claimable; its function runs only for such rows (a claim's lease calls nothing).
            CREATE FUNCTION offer_sends_notify_due() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('offer_sends_due', ceil(extract(epoch FROM NEW.scheduled_for) * 1000)::bigint::text);
                RETURN NULL;
            END $$;
            CREATE TRIGGER offer_sends_notify_due
                AFTER INSERT OR UPDATE OF status, scheduled_for, locked_by ON offer_sends
                FOR EACH ROW
                WHEN (NEW.status = 'scheduled' AND NEW.locked_by IS NULL
                      AND NEW.scheduled_for < now() + interval '300 seconds')
                EXECUTE FUNCTION offer_sends_notify_due();

            -- offer_sends_changed: one notification per statement that touched rows (PostgreSQL folds a transaction's identical ones).
            CREATE FUNCTION offer_sends_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT FROM changed_rows) THEN
                    PERFORM pg_notify('offer_sends_changed', '');
                END IF;
                RETURN NULL;
            END $$;
            CREATE TRIGGER offer_sends_changed_insert AFTER INSERT ON offer_sends
                REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION offer_sends_notify_changed();
            CREATE TRIGGER offer_sends_changed_update AFTER UPDATE ON offer_sends
                REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION offer_sends_notify_changed();
            CREATE TRIGGER offer_sends_changed_delete AFTER DELETE ON offer_sends
                REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION offer_sends_notify_changed();

            -- The dashboard's counts: signed deltas per (status, counted error) appended by each writing statement, in its
            -- own transaction, so the sums per key equal count(*) and sum(retry_count) of the rows with that key at any
            -- snapshot. Writers only append; readers fold (OfferSendMetrics). A writer with triggers off must rebuild it.
            CREATE TABLE offer_send_counts (
                status text NOT NULL,
                error_message text NULL,
                sends bigint NOT NULL,
                retries bigint NOT NULL);
            -- The error breakdown's rule: a message on a row that was retried or failed.
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
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_track();
            CREATE TRIGGER offer_send_counts_update AFTER UPDATE ON offer_sends
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_track();
            CREATE TRIGGER offer_send_counts_delete AFTER DELETE ON offer_sends
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_track();
            CREATE TRIGGER offer_send_counts_truncate AFTER TRUNCATE ON offer_sends
                FOR EACH STATEMENT EXECUTE FUNCTION offer_send_counts_clear();

            -- Search (SearchText): unaccent() is STABLE (its dictionary could change), so an index cannot use it directly;
            -- the wrapper names the dictionary by schema and is IMMUTABLE, which holds while unaccent.rules is not edited.
            -- The search text joins the searched columns with a newline, which a one-line search box cannot contain, so a
            -- term never matches across two columns.
            CREATE FUNCTION majster_unaccent(text) RETURNS text
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                RETURN public.unaccent('public.unaccent'::regdictionary, $1);
            CREATE FUNCTION offer_send_search_text(client_email text, client_name text, subject text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                RETURN majster_unaccent(client_email || E'\n' || coalesce(client_name, '') || E'\n' || subject);
            CREATE INDEX idx_offer_sends_search ON offer_sends
                USING gin (offer_send_search_text(client_email, client_name, subject) gin_trgm_ops);
            CREATE INDEX idx_offers_title_search ON offers USING gin (majster_unaccent(title) gin_trgm_ops);
            """;

        /// <summary>Drops what <see cref="BeyondTheModelSql"/> made (the triggers go with their table).</summary>
        private const string DropBeyondTheModelSql = """
            DROP INDEX idx_offers_title_search;
            DROP INDEX idx_offer_sends_search;
            DROP FUNCTION offer_send_search_text(text, text, text);
            DROP FUNCTION majster_unaccent(text);
            DROP TABLE offer_send_counts;
            DROP FUNCTION offer_send_counts_track() CASCADE;
            DROP FUNCTION offer_send_counts_clear() CASCADE;
            DROP FUNCTION offer_send_counted_error(text, integer, text);
            DROP FUNCTION offer_sends_notify_changed() CASCADE;
            DROP FUNCTION offer_sends_notify_due() CASCADE;
            """;
    }
}
