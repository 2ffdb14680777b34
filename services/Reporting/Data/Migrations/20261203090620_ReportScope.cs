using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "scope_areas",
                table: "situation_reports",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            // Reports built before: the scope of their subscription as it is now (areas, and the districts of its
            // centres; a centre Reporting does not know stands for a place only administrators cover).
            migrationBuilder.Sql("""
                UPDATE situation_reports r
                SET scope_areas = s.areas || ARRAY(
                    SELECT coalesce(c.adm2code, '?') FROM unnest(s.centres) AS u(id) LEFT JOIN centers c ON c.id = u.id)
                FROM subscriptions s
                WHERE s.id = r.subscription_id
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "scope_areas",
                table: "situation_reports");
        }
    }
}
