using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class HouseholdVersionsAndConflicts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                    submitted = table.Column<string>(type: "jsonb", nullable: false),
                    submitted_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_conflicts", x => x.id);
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
            // Households registered before versions were kept were last updated when they were registered.
            migrationBuilder.Sql("UPDATE households SET updated_at = registered_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "household_conflicts");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "households");
        }
    }
}
