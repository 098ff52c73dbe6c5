using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// Every statement that inserts, updates or deletes rows of <c>offer_sends</c> notifies <c>offer_sends_changed</c>
    /// (no payload), whoever wrote it, so that open pages reload only when something changed instead of polling. One
    /// notification per statement that touched rows, not per row: a claim of fifty rows is one, and PostgreSQL folds
    /// the identical notifications of one transaction into one. A statement that touched no rows (an empty claim)
    /// notifies no one. The waker's <c>offer_sends_due</c> is a separate channel and unchanged.
    /// </summary>
    public partial class NotifyPagesOfChanges : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION offer_sends_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT FROM changed_rows) THEN
                        PERFORM pg_notify('offer_sends_changed', '');
                    END IF;
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER offer_sends_changed_insert AFTER INSERT ON offer_sends
                    REFERENCING NEW TABLE AS changed_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION offer_sends_notify_changed();
                CREATE TRIGGER offer_sends_changed_update AFTER UPDATE ON offer_sends
                    REFERENCING NEW TABLE AS changed_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION offer_sends_notify_changed();
                CREATE TRIGGER offer_sends_changed_delete AFTER DELETE ON offer_sends
                    REFERENCING OLD TABLE AS changed_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION offer_sends_notify_changed();
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER offer_sends_changed_insert ON offer_sends;
                DROP TRIGGER offer_sends_changed_update ON offer_sends;
                DROP TRIGGER offer_sends_changed_delete ON offer_sends;
                DROP FUNCTION offer_sends_notify_changed();
                """);
        }
    }
}
