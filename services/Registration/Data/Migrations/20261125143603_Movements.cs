using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class Movements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "current_center_id",
                table: "households",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "destination",
                table: "households",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_follow_up_at",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "overdue_since",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "place_version",
                table: "households",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "households",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Present");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "status_since",
                table: "households",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.CreateTable(
                name: "movements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    household_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    center_id = table.Column<Guid>(type: "uuid", nullable: true),
                    destination = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_movements", x => x.id);
                    table.ForeignKey(
                        name: "fk_movements_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_households_current_center_id",
                table: "households",
                column: "current_center_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_overdue_since",
                table: "households",
                column: "overdue_since",
                filter: "overdue_since IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_movements_household_id_occurred_at",
                table: "movements",
                columns: new[] { "household_id", "occurred_at" });
            // Households registered before movements were kept are where they were registered.
            migrationBuilder.Sql("UPDATE households SET current_center_id = center_id, status_since = arrived_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "movements");

            migrationBuilder.DropIndex(
                name: "ix_households_current_center_id",
                table: "households");

            migrationBuilder.DropIndex(
                name: "ix_households_overdue_since",
                table: "households");

            migrationBuilder.DropColumn(
                name: "current_center_id",
                table: "households");

            migrationBuilder.DropColumn(
                name: "destination",
                table: "households");

            migrationBuilder.DropColumn(
                name: "last_follow_up_at",
                table: "households");

            migrationBuilder.DropColumn(
                name: "overdue_since",
                table: "households");

            migrationBuilder.DropColumn(
                name: "place_version",
                table: "households");

            migrationBuilder.DropColumn(
                name: "status",
                table: "households");

            migrationBuilder.DropColumn(
                name: "status_since",
                table: "households");
        }
    }
}
