using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class PeopleStoredAsOneDocument : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The people become one document of the household row instead of owned entities (same JSON shape); a row
            // never given people held NULL, now an empty list.
            migrationBuilder.Sql("UPDATE households SET people = '[]' WHERE people IS NULL");
            migrationBuilder.AlterColumn<string>(
                name: "people",
                table: "households",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "people",
                table: "households",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb");
        }
    }
}
