using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// A due notification only for rows due within five minutes of the write. A waker never sleeps longer than a
    /// minute without looking up the earliest due row itself (<c>DueSendWaker.MaxSleep</c>), so a row due later than
    /// that is found by the lookup, on time, without being announced. Most offers are scheduled hours or days ahead, so
    /// most writes now notify no one: before, each one woke the listening backend and every instance's waker. The five
    /// minutes leave room for a transaction that commits well after it began (<c>now()</c> is its start).
    /// </summary>
    public partial class NotifyOnlyWhatTheWakerCouldMiss : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER offer_sends_notify_due ON offer_sends;
                CREATE TRIGGER offer_sends_notify_due
                    AFTER INSERT OR UPDATE OF status, scheduled_for, locked_by ON offer_sends
                    FOR EACH ROW
                    WHEN (NEW.status = 'scheduled' AND NEW.locked_by IS NULL
                          AND NEW.scheduled_for < now() + interval '5 minutes')
                    EXECUTE FUNCTION offer_sends_notify_due();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER offer_sends_notify_due ON offer_sends;
                CREATE TRIGGER offer_sends_notify_due
                    AFTER INSERT OR UPDATE OF status, scheduled_for, locked_by ON offer_sends
                    FOR EACH ROW
                    WHEN (NEW.status = 'scheduled' AND NEW.scheduled_for IS NOT NULL AND NEW.locked_by IS NULL)
                    EXECUTE FUNCTION offer_sends_notify_due();
                """);
        }
    }
}
