using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// <c>OfferSend.Version</c> maps PostgreSQL's system column <c>xmin</c> (every row has it), so there is nothing to
    /// create: this migration only records the model change. People's changes are fenced on it.
    /// </summary>
    public partial class OfferSendVersionIsXmin : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
