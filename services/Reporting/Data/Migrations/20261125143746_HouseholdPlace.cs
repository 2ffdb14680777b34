using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class HouseholdPlace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "destination",
                table: "households",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "place_version",
                table: "households",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<bool>(
                name: "present",
                table: "households",
                type: "boolean",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "destination",
                table: "households");

            migrationBuilder.DropColumn(
                name: "place_version",
                table: "households");

            migrationBuilder.DropColumn(
                name: "present",
                table: "households");
        }
    }
}
