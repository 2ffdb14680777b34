using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class WinterReasonsAsFindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Winter reasons become findings (rule, version, inputs); the daily re-evaluation fills them in again.
            migrationBuilder.DropColumn(name: "reasons", table: "household_needs");
            migrationBuilder.AddColumn<string>(
                name: "reasons",
                table: "household_needs",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "reasons", table: "household_needs");
            migrationBuilder.AddColumn<List<string>>(
                name: "reasons",
                table: "household_needs",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");
        }
    }
}
