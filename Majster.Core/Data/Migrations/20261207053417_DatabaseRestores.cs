using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// Each restore from a backup (<c>Majster.Admin restore</c>) recorded with the backup's instant, so the dashboard can
    /// list the sends that were due in between.
    /// </summary>
    public partial class DatabaseRestores : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "database_restores",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false, defaultValueSql: "gen_random_uuid()"),
                    backup_taken_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    restored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_database_restores", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_database_restores_restored_at",
                table: "database_restores",
                column: "restored_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "database_restores");
        }
    }
}
