using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class HouseholdSpecificNeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "specific_needs",
                table: "household_needs",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            // The codes of the households already assessed, from their members.
            migrationBuilder.Sql("""
                UPDATE household_needs h SET specific_needs = COALESCE(
                    (SELECT array_agg(DISTINCT code ORDER BY code)
                     FROM jsonb_array_elements(h.members) m, jsonb_array_elements_text(m -> 'SpecificNeeds') code), '{}')
                WHERE h.members IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_household_needs_specific_needs",
                table: "household_needs",
                column: "specific_needs")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_household_needs_specific_needs",
                table: "household_needs");

            migrationBuilder.DropColumn(
                name: "specific_needs",
                table: "household_needs");
        }
    }
}
