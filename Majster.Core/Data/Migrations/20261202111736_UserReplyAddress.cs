using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class UserReplyAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reply_address",
                table: "users",
                type: "character varying(320)",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reply_name",
                table: "users",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "reply_address",
                table: "users");

            migrationBuilder.DropColumn(
                name: "reply_name",
                table: "users");
        }
    }
}
