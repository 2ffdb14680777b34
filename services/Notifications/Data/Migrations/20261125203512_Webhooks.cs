using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class Webhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "webhook_body",
                table: "report_copies",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "webhook_secret_version",
                table: "deliveries",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "webhook_body",
                table: "report_copies");

            migrationBuilder.DropColumn(
                name: "webhook_secret_version",
                table: "deliveries");
        }
    }
}
