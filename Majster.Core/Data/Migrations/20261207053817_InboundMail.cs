using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// What comes back from the bounce mailbox: every message read (<c>inbound_messages</c>), each send's outcome
    /// (<c>offer_send_deliveries</c>) and the addresses no offer goes to (<c>suppressions</c>).
    /// </summary>
    public partial class InboundMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbound_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    message_id = table.Column<string>(type: "text", nullable: true),
                    from = table.Column<string>(type: "text", nullable: true),
                    subject = table.Column<string>(type: "text", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    offer_send_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "text", nullable: true),
                    diagnostic = table.Column<string>(type: "text", nullable: true),
                    recipient = table.Column<string>(type: "text", nullable: true),
                    text = table.Column<string>(type: "text", nullable: true),
                    folder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    warning = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_inbound_messages_offer_sends_offer_send_id",
                        column: x => x.offer_send_id,
                        principalTable: "offer_sends",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offer_send_deliveries",
                columns: table => new
                {
                    offer_send_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "text", nullable: true),
                    diagnostic = table.Column<string>(type: "text", nullable: true),
                    from = table.Column<string>(type: "text", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    inbound_message_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_offer_send_deliveries", x => x.offer_send_id);
                    table.ForeignKey(
                        name: "fk_offer_send_deliveries_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_offer_send_deliveries_offer_sends_offer_send_id",
                        column: x => x.offer_send_id,
                        principalTable: "offer_sends",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "suppressions",
                columns: table => new
                {
                    address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: true),
                    diagnostic = table.Column<string>(type: "text", nullable: true),
                    offer_send_id = table.Column<Guid>(type: "uuid", nullable: true),
                    inbound_message_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_suppressions", x => x.address);
                    table.ForeignKey(
                        name: "fk_suppressions_inbound_messages_inbound_message_id",
                        column: x => x.inbound_message_id,
                        principalTable: "inbound_messages",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_suppressions_offer_sends_offer_send_id",
                        column: x => x.offer_send_id,
                        principalTable: "offer_sends",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_offer_send_id",
                table: "inbound_messages",
                column: "offer_send_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_messages_outcome_read_at",
                table: "inbound_messages",
                columns: new[] { "outcome", "read_at" });

            migrationBuilder.CreateIndex(
                name: "ix_offer_send_deliveries_inbound_message_id",
                table: "offer_send_deliveries",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_suppressions_inbound_message_id",
                table: "suppressions",
                column: "inbound_message_id");

            migrationBuilder.CreateIndex(
                name: "ix_suppressions_offer_send_id",
                table: "suppressions",
                column: "offer_send_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "offer_send_deliveries");

            migrationBuilder.DropTable(
                name: "suppressions");

            migrationBuilder.DropTable(
                name: "inbound_messages");
        }
    }
}
