using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProtectionCountTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "protection_count_totals",
                columns: table => new
                {
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_protection_count_totals", x => new { x.center_id, x.category });
                });

            // The register as it stands, added up once; from here every change to a household's protection rows changes its totals too.
            migrationBuilder.Sql("""
                INSERT INTO protection_count_totals (center_id, category, households, count)
                SELECT center_id, category, count(*), sum(count) FROM protection_counts GROUP BY center_id, category
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "protection_count_totals");
        }
    }
}
