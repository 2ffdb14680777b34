using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class Duplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "merged_into_id",
                table: "households",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "duplicate_pairs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    first_household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    second_household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    found_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    kept_household_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_duplicate_pairs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_duplicate_pairs_first_household_id_second_household_id",
                table: "duplicate_pairs",
                columns: new[] { "first_household_id", "second_household_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_duplicate_pairs_status",
                table: "duplicate_pairs",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "duplicate_pairs");

            migrationBuilder.DropColumn(
                name: "merged_into_id",
                table: "households");
        }
    }
}
