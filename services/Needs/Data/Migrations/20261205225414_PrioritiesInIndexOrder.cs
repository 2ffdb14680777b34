using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class PrioritiesInIndexOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_household_needs_priority_order",
                table: "household_needs",
                columns: new[] { "urgent", "priority_score", "assessed_at", "household_id" },
                descending: new[] { true, true, false, false },
                filter: "present AND NOT merged AND source_version > 0")
                .Annotation("Npgsql:CreatedConcurrently", true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_household_needs_priority_order",
                table: "household_needs");
        }
    }
}
