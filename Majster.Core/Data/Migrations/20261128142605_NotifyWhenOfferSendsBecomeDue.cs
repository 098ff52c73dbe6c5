using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// A trigger on offer_sends raises NOTIFY offer_sends_due whenever a row becomes claimable (scheduled, with a time,
    /// not leased), whoever wrote it: this instance, another one, or plain SQL. The waker listens and recomputes
    /// its next wake-up, so sends go out on time rather than at the next cron tick. Identical notifications in one
    /// transaction are folded into one by PostgreSQL, so a bulk insert wakes the waker once.
    /// </summary>
    public partial class NotifyWhenOfferSendsBecomeDue : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION offer_sends_notify_due() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'scheduled' AND NEW.scheduled_for IS NOT NULL AND NEW.locked_by IS NULL THEN
                        PERFORM pg_notify('offer_sends_due', '');
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER offer_sends_notify_due
                    AFTER INSERT OR UPDATE OF status, scheduled_for, locked_by ON offer_sends
                    FOR EACH ROW EXECUTE FUNCTION offer_sends_notify_due();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS offer_sends_notify_due ON offer_sends;
                DROP FUNCTION IF EXISTS offer_sends_notify_due();
                """);
        }
    }
}
