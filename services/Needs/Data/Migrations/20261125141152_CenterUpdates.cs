using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class CenterUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "day_capacity",
                table: "centers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "heated",
                table: "centers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "open",
                table: "centers",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "source_version",
                table: "centers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "type",
                table: "centers",
                type: "text",
                nullable: false,
                defaultValue: "other");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "day_capacity",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "heated",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "open",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "source_version",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "type",
                table: "centers");
        }
    }
}
