using System.Globalization;
using Majster.Core.Scheduling;

namespace Majster.Core.Data;

/// <summary>
/// What the schema holds beyond EF's model, created by the <c>InitialSchema</c> migration: the notifications that wake
/// the scheduler and refresh open pages, the dashboard's counts, and the accent-insensitive search.
/// </summary>
public static class SchemaSql
{
    /// <summary>The indexes made here, on expressions EF's model cannot describe.</summary>
    public static readonly string[] ExpressionIndexes = ["idx_offer_sends_search", "idx_offers_title_search"];

    /// <summary>Notified (no payload) by every statement that inserts, updates or deletes offer sends.</summary>
    public const string ChangedChannel = "offer_sends_changed";

    internal static string CreateSql => $"""
        -- {DueNotifications.Channel}: a row that became claimable; its function runs only for such rows (a claim's lease calls nothing).
        CREATE FUNCTION offer_sends_notify_due() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{DueNotifications.Channel}', ceil(extract(epoch FROM NEW.scheduled_for) * 1000)::bigint::text);
            RETURN NULL;
        END $$;
        CREATE TRIGGER offer_sends_notify_due
            AFTER INSERT OR UPDATE OF status, scheduled_for, locked_by ON offer_sends
            FOR EACH ROW
            WHEN (NEW.status = 'scheduled' AND NEW.locked_by IS NULL
                  AND NEW.scheduled_for < now() + interval '{DueNotifications.Horizon.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds')
            EXECUTE FUNCTION offer_sends_notify_due();

        -- {ChangedChannel}: one notification per statement that touched rows (PostgreSQL folds a transaction's identical ones).
        CREATE FUNCTION offer_sends_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT FROM changed_rows) THEN
                PERFORM pg_notify('{ChangedChannel}', '');
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

    /// <summary>Drops what <see cref="CreateSql"/> made (the triggers go with their table).</summary>
    internal const string DropSql = """
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
