using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// Over half of each new page of <c>offer_sends</c> left free, so that a claim's lease (no indexed column changes) is a
    /// HOT update; pages written before keep their layout until rewritten.
    /// </summary>
    public partial class LeaseRoom : Migration
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
