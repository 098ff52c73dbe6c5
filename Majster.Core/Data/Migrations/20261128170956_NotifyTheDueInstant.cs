using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// The due notification now says when: its payload is the row's <c>scheduled_for</c> in Unix milliseconds
    /// (rounded up, so a waker never wakes before the row is due). A waker already sleeping until an earlier instant
    /// ignores it, so scheduling offers for later costs the scheduler nothing. Identical payloads in one transaction
    /// are still folded into one notification (a bulk insert of rows due now wakes once). The trigger now calls its
    /// function only for rows that became claimable, so the claim's lease updates cost no function call.
    /// </summary>
    public partial class NotifyTheDueInstant : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION offer_sends_notify_due() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'scheduled' AND NEW.scheduled_for IS NOT NULL AND NEW.locked_by IS NULL THEN
                        PERFORM pg_notify('offer_sends_due', ceil(extract(epoch FROM NEW.scheduled_for) * 1000)::bigint::text);
                    END IF;
                    RETURN NULL;
                END $$;

                -- Only rows that became claimable call the function: a claim (which sets a lease) costs no call.
                DROP TRIGGER offer_sends_notify_due ON offer_sends;
                CREATE TRIGGER offer_sends_notify_due
                    AFTER INSERT OR UPDATE OF status, scheduled_for, locked_by ON offer_sends
                    FOR EACH ROW
                    WHEN (NEW.status = 'scheduled' AND NEW.scheduled_for IS NOT NULL AND NEW.locked_by IS NULL)
                    EXECUTE FUNCTION offer_sends_notify_due();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION offer_sends_notify_due() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'scheduled' AND NEW.scheduled_for IS NOT NULL AND NEW.locked_by IS NULL THEN
                        PERFORM pg_notify('offer_sends_due', '');
                    END IF;
                    RETURN NULL;
                END $$;

                DROP TRIGGER offer_sends_notify_due ON offer_sends;
                CREATE TRIGGER offer_sends_notify_due
                    AFTER INSERT OR UPDATE OF status, scheduled_for, locked_by ON offer_sends
                    FOR EACH ROW EXECUTE FUNCTION offer_sends_notify_due();
                """);
        }
    }
}
