using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "merged_at",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "purged_at",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE households h SET merged_at = d.resolved_at
                FROM duplicate_pairs d
                WHERE h.merged_into_id IS NOT NULL AND d.status = 'Merged' AND d.kept_household_id = h.merged_into_id
                  AND (d.first_household_id = h.id OR d.second_household_id = h.id);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "merged_at",
                table: "households");

            migrationBuilder.DropColumn(
                name: "purged_at",
                table: "households");
        }
    }
}
