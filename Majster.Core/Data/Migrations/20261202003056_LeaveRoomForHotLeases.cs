using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeaveRoomForHotLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "offer_sends")
                .Annotation("Npgsql:StorageParameter:fillfactor", 45);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "offer_sends")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 45);
        }
    }
}
