using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "formats",
                table: "subscriptions",
                type: "text[]",
                nullable: false,
                // Subscriptions made before formats could be chosen keep the HTML e-mail they had.
                defaultValueSql: "ARRAY['html']::text[]");

            migrationBuilder.AddColumn<byte[]>(
                name: "pdf",
                table: "situation_reports",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "place_changed_at",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            // People projected before specific needs were kept get an empty list, which reads as "none recorded".
            migrationBuilder.Sql("""
                UPDATE households SET people = (
                    SELECT coalesce(jsonb_agg(CASE WHEN p ? 'SpecificNeeds' THEN p ELSE p || '{"SpecificNeeds": []}'::jsonb END ORDER BY i), '[]'::jsonb)
                    FROM jsonb_array_elements(people) WITH ORDINALITY AS e(p, i))
                WHERE jsonb_typeof(people) = 'array';
                """);

            migrationBuilder.CreateTable(
                name: "center_needs",
                columns: table => new
                {
                    center_id = table.Column<Guid>(type: "uuid", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    summary = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_center_needs", x => x.center_id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "center_needs");

            migrationBuilder.DropColumn(
                name: "formats",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "pdf",
                table: "situation_reports");

            migrationBuilder.DropColumn(
                name: "place_changed_at",
                table: "households");
        }
    }
}
