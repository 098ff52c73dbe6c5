using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// The due notification now says when: its payload is the row's <c>scheduled_for</c> in Unix milliseconds
    /// (rounded up, so a waker never wakes before the row is due). A waker already sleeping until an earlier instant
    /// ignores it, so scheduling offers for later costs the scheduler nothing. Identical payloads in one transaction
    /// are still folded into one notification (a bulk insert of rows due now wakes once).
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
                """);
        }
    }
}
