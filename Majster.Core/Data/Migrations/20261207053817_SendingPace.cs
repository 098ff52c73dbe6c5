using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Majster.Core.Data.Migrations
{
    /// <summary>
    /// The fleet's one sending switch and back-off (<c>sending_state</c>, one row): a person's pause and the mail
    /// server's throttling hold every instance, and survive restarts.
    /// </summary>
    public partial class SendingPace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "sending_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    paused_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    pause_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    throttled_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    throttle_backoff = table.Column<TimeSpan>(type: "interval", nullable: true),
                    throttle_reply = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sending_state", x => x.id);
                    table.CheckConstraint("ck_sending_state_one_row", "id = 1");
                });

            migrationBuilder.InsertData(
                table: "sending_state",
                columns: new[] { "id", "pause_until", "paused", "paused_at", "paused_by", "reason", "throttle_backoff", "throttle_reply", "throttled_until", "updated_at" },
                values: new object[] { 1, null, false, null, null, null, null, null, null, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sending_state");
        }
    }
}
