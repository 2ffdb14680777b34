using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class HouseholdVersionsKept : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "household_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    stored_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stored_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    change = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    base_version = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_household_versions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_household_versions_household_id_version",
                table: "household_versions",
                columns: new[] { "household_id", "version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "household_versions");
        }
    }
}
