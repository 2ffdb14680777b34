using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "people_counts",
                columns: table => new
                {
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    age_bracket = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    place = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    arrived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false),
                    counts_until = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_counts", x => new { x.household_id, x.sex, x.age_bracket });
                });

            migrationBuilder.CreateTable(
                name: "protection_counts",
                columns: table => new
                {
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_protection_counts", x => new { x.household_id, x.category });
                });

            migrationBuilder.CreateIndex(
                name: "ix_people_counts_arrived_at",
                table: "people_counts",
                column: "arrived_at");

            migrationBuilder.CreateIndex(
                name: "ix_people_counts_center_id",
                table: "people_counts",
                column: "center_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_counts_counts_until",
                table: "people_counts",
                column: "counts_until");

            migrationBuilder.CreateIndex(
                name: "ix_protection_counts_center_id",
                table: "protection_counts",
                column: "center_id");

            // Households projected before the counts existed get a row that is already due, so the first round of the
            // recount (at start) counts them from their people, in C#, by the same rule as every other.
            migrationBuilder.Sql("""
                INSERT INTO people_counts (household_id, sex, age_bracket, center_id, place, arrived_at, households, people, counts_until)
                SELECT household_id, 'unknown', '', center_id, 'present', arrived_at, 0, 0, DATE '0001-01-01'
                FROM households WHERE NOT merged AND source_version > 0
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "people_counts");

            migrationBuilder.DropTable(
                name: "protection_counts");
        }
    }
}
