using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleTallyTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "people_tally_totals",
                columns: table => new
                {
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    age_bracket = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    winterization = table.Column<int>(type: "integer", nullable: false),
                    heating = table.Column<int>(type: "integer", nullable: false),
                    priority_score = table.Column<int>(type: "integer", nullable: false),
                    presence = table.Column<string>(type: "text", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_tally_totals", x => new { x.center_id, x.sex, x.age_bracket, x.winterization, x.heating, x.priority_score, x.presence });
                });

            // Tallies written before a household's presence was carried over on a change still held its earlier one.
            migrationBuilder.Sql("""
                UPDATE people_tallies t SET presence = h.presence
                FROM household_needs h WHERE h.household_id = t.household_id AND t.presence <> h.presence
                """);
            // The register as it stands, added up once; from here every change to a tally changes its total too.
            migrationBuilder.Sql("""
                INSERT INTO people_tally_totals (center_id, sex, age_bracket, winterization, heating, priority_score, presence, households, people)
                SELECT center_id, sex, age_bracket, winterization, heating, priority_score, presence, sum(households), sum(people)
                FROM people_tallies GROUP BY center_id, sex, age_bracket, winterization, heating, priority_score, presence
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "people_tally_totals");
        }
    }
}
