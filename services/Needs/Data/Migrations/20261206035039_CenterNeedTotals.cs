using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class CenterNeedTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "center_need_totals",
                columns: table => new
                {
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    households = table.Column<int>(type: "integer", nullable: false),
                    people = table.Column<int>(type: "integer", nullable: false),
                    people_at_night = table.Column<int>(type: "integer", nullable: false),
                    people_by_day = table.Column<int>(type: "integer", nullable: false),
                    blankets = table.Column<int>(type: "integer", nullable: false),
                    mattresses = table.Column<int>(type: "integer", nullable: false),
                    clothing_sets = table.Column<int>(type: "integer", nullable: false),
                    heaters = table.Column<int>(type: "integer", nullable: false),
                    fuel_litres = table.Column<int>(type: "integer", nullable: false),
                    fuel_litres_per_month = table.Column<int>(type: "integer", nullable: false),
                    blankets_delivered = table.Column<int>(type: "integer", nullable: false),
                    mattresses_delivered = table.Column<int>(type: "integer", nullable: false),
                    clothing_sets_delivered = table.Column<int>(type: "integer", nullable: false),
                    heaters_delivered = table.Column<int>(type: "integer", nullable: false),
                    fuel_litres_delivered = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_center_need_totals", x => x.center_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_distributions_to_centres",
                table: "distributions",
                columns: new[] { "center_id", "item" },
                filter: "household_id IS NULL");

            // The register as it stands, added up once; from here every save of a household changes its centre's totals too.
            migrationBuilder.Sql("""
                INSERT INTO center_need_totals (center_id, households, people, people_at_night, people_by_day, blankets, mattresses, clothing_sets, heaters,
                    fuel_litres, fuel_litres_per_month, blankets_delivered, mattresses_delivered, clothing_sets_delivered, heaters_delivered, fuel_litres_delivered)
                SELECT h.center_id, count(*), sum(h.people),
                    sum(CASE WHEN h.presence <> 'dayOnly' THEN h.people ELSE 0 END), sum(CASE WHEN h.presence <> 'nightOnly' THEN h.people ELSE 0 END),
                    sum(h.blankets), sum(h.mattresses), sum(h.clothing_sets), sum(h.heaters), sum(h.fuel_litres), sum(h.fuel_litres_per_month),
                    coalesce(sum(d.blankets), 0), coalesce(sum(d.mattresses), 0), coalesce(sum(d.clothing_sets), 0), coalesce(sum(d.heaters), 0),
                    coalesce(sum(d.fuel_litres), 0)
                FROM household_needs h
                LEFT JOIN (
                    SELECT household_id,
                        sum(quantity) FILTER (WHERE item = 'Blanket') AS blankets, sum(quantity) FILTER (WHERE item = 'Mattress') AS mattresses,
                        sum(quantity) FILTER (WHERE item = 'ClothingSet') AS clothing_sets, sum(quantity) FILTER (WHERE item = 'Heater') AS heaters,
                        sum(quantity) FILTER (WHERE item = 'FuelLitre') AS fuel_litres
                    FROM distributions WHERE household_id IS NOT NULL GROUP BY household_id) d ON d.household_id = h.household_id
                WHERE h.present AND NOT h.merged AND h.source_version > 0
                GROUP BY h.center_id
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "center_need_totals");

            migrationBuilder.DropIndex(
                name: "ix_distributions_to_centres",
                table: "distributions");
        }
    }
}
