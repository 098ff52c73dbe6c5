using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>The company a person signs their offer e-mails with (<c>users.company_name</c>; null = that of <c>Smtp:From</c>).</summary>
    public partial class SenderCompany : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "company_name",
                table: "users",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "company_name",
                table: "users");
        }
    }
}
