using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleTallyHouseholds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "households",
                table: "people_tallies",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Every tally is counted again (by the same rule, in C#) to mark each household's one row.
            migrationBuilder.Sql("UPDATE people_tallies SET counts_until = DATE '0001-01-01'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "households",
                table: "people_tallies");
        }
    }
}
