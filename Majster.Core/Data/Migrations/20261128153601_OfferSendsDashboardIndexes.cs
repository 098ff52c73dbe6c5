using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OfferSendsDashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_offer_sends_retry",
                table: "offer_sends");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_retry",
                table: "offer_sends",
                column: "retry_count",
                filter: "retry_count > 0")
                .Annotation("Npgsql:IndexInclude", new[] { "error_message" });

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_sent_retry",
                table: "offer_sends",
                column: "retry_count",
                filter: "status = 'sent'");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_user_created",
                table: "offer_sends",
                columns: new[] { "user_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "idx_offer_sends_retry",
                table: "offer_sends");

            migrationBuilder.DropIndex(
                name: "idx_offer_sends_sent_retry",
                table: "offer_sends");

            migrationBuilder.DropIndex(
                name: "idx_offer_sends_user_created",
                table: "offer_sends");

            migrationBuilder.CreateIndex(
                name: "idx_offer_sends_retry",
                table: "offer_sends",
                column: "retry_count",
                filter: "retry_count > 0");
        }
    }
}
