using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class CenterUpdates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "name_arabic",
                table: "centers",
                type: "text",
                nullable: true);

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "name_arabic",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "open",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "source_version",
                table: "centers");
        }
    }
}
