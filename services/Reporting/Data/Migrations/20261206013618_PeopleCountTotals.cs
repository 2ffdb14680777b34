using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleCountTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "people_count_totals",
                columns: table => new
                {
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    place = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    age_bracket = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_count_totals", x => new { x.center_id, x.place, x.sex, x.age_bracket });
                });

            // The register as it stands, added up once; from here every change to a household's counts changes its totals too.
            migrationBuilder.Sql("""
                INSERT INTO people_count_totals (center_id, place, sex, age_bracket, households, people)
                SELECT center_id, place, sex, age_bracket, sum(households), sum(people)
                FROM people_counts GROUP BY center_id, place, sex, age_bracket
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "people_count_totals");
        }
    }
}
