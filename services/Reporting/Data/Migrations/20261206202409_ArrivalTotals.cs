using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ArrivalTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "arrival_totals",
                columns: table => new
                {
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    arrived_in = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_arrival_totals", x => new { x.center_id, x.arrived_in });
                });

            // The register as it stands, added up once by quarter of an hour (ArrivalTotal.QuarterOf); from here every change
            // to a household's counted rows changes these totals too.
            migrationBuilder.Sql("""
                INSERT INTO arrival_totals (center_id, arrived_in, households, people)
                SELECT center_id, to_timestamp(floor(extract(epoch FROM arrived_at) / 900) * 900), sum(households), sum(people)
                FROM people_counts GROUP BY 1, 2
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "arrival_totals");
        }
    }
}
