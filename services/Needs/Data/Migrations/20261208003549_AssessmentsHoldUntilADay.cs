using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class AssessmentsHoldUntilADay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "only_run_out",
                table: "reevaluations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Households assessed before hold until 0001-01-01: the next daily re-evaluation assesses each once and dates it.
            migrationBuilder.AddColumn<DateOnly>(
                name: "holds_until",
                table: "household_needs",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.CreateIndex(
                name: "ix_household_needs_run_out",
                table: "household_needs",
                columns: new[] { "holds_until", "household_id" },
                filter: "present AND NOT merged AND source_version > 0")
                .Annotation("Npgsql:CreatedConcurrently", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_household_needs_run_out",
                table: "household_needs");

            migrationBuilder.DropColumn(
                name: "only_run_out",
                table: "reevaluations");

            migrationBuilder.DropColumn(
                name: "holds_until",
                table: "household_needs");
        }
    }
}
