using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class NameIndexNarrowing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_name_index_hash",
                table: "name_index");

            migrationBuilder.AddColumn<DateOnly>(
                name: "date_of_birth",
                table: "name_index",
                type: "date",
                nullable: false,
                defaultValue: new DateOnly(1, 1, 1));

            migrationBuilder.AddColumn<string>(
                name: "sex",
                table: "name_index",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE name_index n SET sex = m.sex, date_of_birth = m.date_of_birth
                FROM members m WHERE m.id = n.member_id;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_name_index_hash_sex_date_of_birth",
                table: "name_index",
                columns: new[] { "hash", "sex", "date_of_birth" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_name_index_hash_sex_date_of_birth",
                table: "name_index");

            migrationBuilder.DropColumn(
                name: "date_of_birth",
                table: "name_index");

            migrationBuilder.DropColumn(
                name: "sex",
                table: "name_index");

            migrationBuilder.CreateIndex(
                name: "ix_name_index_hash",
                table: "name_index",
                column: "hash");
        }
    }
}
