using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class CenterDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "adm3code",
                table: "centers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "adm3name",
                table: "centers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "ceiling_height_m",
                table: "centers",
                type: "numeric(5,2)",
                precision: 5,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "day_capacity",
                table: "centers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "heated",
                table: "centers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "name_arabic",
                table: "centers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "centers",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Open");

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

            migrationBuilder.AddColumn<string>(
                name: "type",
                table: "centers",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "Other");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "updated_at",
                table: "centers",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<int>(
                name: "version",
                table: "centers",
                type: "integer",
                nullable: false,
                defaultValue: 1);
            // Centres registered before this change were last updated when they were created.
            migrationBuilder.Sql("UPDATE centers SET updated_at = created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "adm3code",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "adm3name",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "ceiling_height_m",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "day_capacity",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "heated",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "name_arabic",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "status",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "toilets_female",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "toilets_male",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "type",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "centers");

            migrationBuilder.DropColumn(
                name: "version",
                table: "centers");
        }
    }
}
