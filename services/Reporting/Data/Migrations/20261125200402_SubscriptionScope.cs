using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "areas",
                table: "subscriptions",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<List<Guid>>(
                name: "centres",
                table: "subscriptions",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deleted_at",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "scheduled_from",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: false,
                defaultValueSql: "now()");

            // Existing subscriptions owe their reports from when they were made.
            migrationBuilder.Sql("UPDATE subscriptions SET scheduled_from = created_at;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "areas",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "centres",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "deleted_at",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "scheduled_from",
                table: "subscriptions");
        }
    }
}
