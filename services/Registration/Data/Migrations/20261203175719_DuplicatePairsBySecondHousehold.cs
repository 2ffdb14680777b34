using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class DuplicatePairsBySecondHousehold : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_duplicate_pairs_second_household_id",
                table: "duplicate_pairs",
                column: "second_household_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_duplicate_pairs_second_household_id",
                table: "duplicate_pairs");
        }
    }
}
