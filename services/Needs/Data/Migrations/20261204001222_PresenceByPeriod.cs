using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class PresenceByPeriod : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "presence",
                table: "people_tallies",
                type: "text",
                nullable: false,
                defaultValue: "dayAndNight");

            migrationBuilder.AddColumn<string>(
                name: "presence",
                table: "household_needs",
                type: "text",
                nullable: false,
                defaultValue: "dayAndNight");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "presence",
                table: "people_tallies");

            migrationBuilder.DropColumn(
                name: "presence",
                table: "household_needs");
        }
    }
}
