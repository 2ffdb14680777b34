using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "people_tallies",
                columns: table => new
                {
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    age_bracket = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false),
                    priority_score = table.Column<int>(type: "integer", nullable: false),
                    winterization = table.Column<int>(type: "integer", nullable: false),
                    heating = table.Column<int>(type: "integer", nullable: false),
                    counts_until = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_tallies", x => new { x.household_id, x.sex, x.age_bracket });
                });

            migrationBuilder.CreateIndex(
                name: "ix_people_tallies_center_id",
                table: "people_tallies",
                column: "center_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_tallies_counts_until",
                table: "people_tallies",
                column: "counts_until");

            // Households assessed before the tallies existed get a row that is already due, so the first summary
            // round (or read) counts them from their members and distributions, in C#, by the same rule as every other.
            migrationBuilder.Sql("""
                INSERT INTO people_tallies (household_id, sex, age_bracket, center_id, people, priority_score, winterization, heating, counts_until)
                SELECT household_id, 'unknown', '', center_id, 0, 0, 0, 0, DATE '0001-01-01'
                FROM household_needs WHERE present AND NOT merged AND source_version > 0
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "people_tallies");
        }
    }
}
