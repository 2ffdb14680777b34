using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class FuelPerMonth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "fuel_litres_per_month",
                table: "household_needs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Households assessed before: the monthly figure is the one their heating finding was counted with.
            migrationBuilder.Sql("""
                UPDATE household_needs h SET fuel_litres_per_month = COALESCE((
                    SELECT (r -> 'inputs' ->> 'fuelLitresPerMonth')::int FROM jsonb_array_elements(h.reasons) r
                    WHERE r ->> 'rule' = 'winter.heating' LIMIT 1), 0)
                WHERE h.fuel_litres > 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "fuel_litres_per_month",
                table: "household_needs");
        }
    }
}
