using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Notifications.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "scope_areas",
                table: "report_copies",
                type: "text[]",
                nullable: false,
                // Reports taken in before scopes were carried: administrators alone follow their deliveries.
                defaultValueSql: "'{}'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "scope_areas",
                table: "report_copies");
        }
    }
}
