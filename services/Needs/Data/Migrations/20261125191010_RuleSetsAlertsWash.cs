using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class RuleSetsAlertsWash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Reasons become findings (rule, version, inputs); the daily re-evaluation fills them in again.
            migrationBuilder.DropColumn(name: "urgent_referrals", table: "household_needs");
            migrationBuilder.AddColumn<string>(
                name: "urgent_referrals",
                table: "household_needs",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            // Reasons become findings (rule, version, inputs); the daily re-evaluation fills them in again.
            migrationBuilder.DropColumn(name: "priority_reasons", table: "household_needs");
            migrationBuilder.AddColumn<string>(
                name: "priority_reasons",
                table: "household_needs",
                type: "jsonb",
                nullable: false,
                defaultValueSql: "'[]'::jsonb");

            migrationBuilder.AddColumn<bool>(
                name: "urgent",
                table: "household_needs",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "toilets_female",
                table: "centers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "toilets_male",
                table: "centers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "cold_weather_alerts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    area = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    minimum_temperature_c = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    raised_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cold_weather_alerts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reevaluations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    area = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    cursor = table.Column<Guid>(type: "uuid", nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reevaluations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rule_sets",
                columns: table => new
                {
                    number = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rules = table.Column<string>(type: "jsonb", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    published_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reevaluation_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_sets", x => x.number);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cold_weather_alerts_ends_at",
                table: "cold_weather_alerts",
                column: "ends_at");

            migrationBuilder.CreateIndex(
                name: "ix_reevaluations_key",
                table: "reevaluations",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reevaluations_status",
                table: "reevaluations",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_rule_sets_version",
                table: "rule_sets",
                column: "version",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cold_weather_alerts");

            migrationBuilder.DropTable(
                name: "reevaluations");

            migrationBuilder.DropTable(
                name: "rule_sets");

            migrationBuilder.DropColumn(
                name: "urgent",
                table: "household_needs");

            migrationBuilder.DropColumn(
                name: "toilets_female",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "toilets_male",
                table: "centers");

            migrationBuilder.DropColumn(name: "urgent_referrals", table: "household_needs");
            migrationBuilder.AddColumn<List<string>>(
                name: "urgent_referrals",
                table: "household_needs",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.DropColumn(name: "priority_reasons", table: "household_needs");
            migrationBuilder.AddColumn<List<string>>(
                name: "priority_reasons",
                table: "household_needs",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");
        }
    }
}
