using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class HouseholdVersionsConflictsAndPersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "personal_cipher",
                table: "members",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "specific_needs",
                table: "members",
                type: "text[]",
                nullable: false);

            migrationBuilder.AddColumn<string>(
                name: "contact_cipher",
                table: "households",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "displaced_on",
                table: "households",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin_adm1code",
                table: "households",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin_adm2code",
                table: "households",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin_adm3code",
                table: "households",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "origin_neighbourhood",
                table: "households",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "households",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateTable(
                name: "household_conflicts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    base_version = table.Column<int>(type: "integer", nullable: true),
                    server_version = table.Column<int>(type: "integer", nullable: false),
                    submitted = table.Column<string>(type: "text", nullable: false),
                    submitted_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_conflicts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "name_index",
                columns: table => new
                {
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    member_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_name_index", x => new { x.household_id, x.member_id, x.hash });
                    table.ForeignKey(
                        name: "fk_name_index_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_household_conflicts_household_id_submitted_hash",
                table: "household_conflicts",
                columns: new[] { "household_id", "submitted_hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_household_conflicts_status",
                table: "household_conflicts",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_name_index_hash",
                table: "name_index",
                column: "hash");
            // Households registered before versions were kept were last updated when they were registered.
            migrationBuilder.Sql("UPDATE households SET updated_at = registered_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "household_conflicts");

            migrationBuilder.DropTable(
                name: "name_index");

            migrationBuilder.DropColumn(
                name: "personal_cipher",
                table: "members");

            migrationBuilder.DropColumn(
                name: "specific_needs",
                table: "members");

            migrationBuilder.DropColumn(
                name: "contact_cipher",
                table: "households");

            migrationBuilder.DropColumn(
                name: "displaced_on",
                table: "households");

            migrationBuilder.DropColumn(
                name: "origin_adm1code",
                table: "households");

            migrationBuilder.DropColumn(
                name: "origin_adm2code",
                table: "households");

            migrationBuilder.DropColumn(
                name: "origin_adm3code",
                table: "households");

            migrationBuilder.DropColumn(
                name: "origin_neighbourhood",
                table: "households");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "households");
        }
    }
}
