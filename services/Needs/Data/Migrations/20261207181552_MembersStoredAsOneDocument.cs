using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class MembersStoredAsOneDocument : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The members become one document of the household row instead of owned entities (same JSON shape); a row
            // never given members held NULL, now an empty list.
            migrationBuilder.Sql("UPDATE household_needs SET members = '[]' WHERE members IS NULL");
            migrationBuilder.AlterColumn<string>(
                name: "members",
                table: "household_needs",
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
                name: "members",
                table: "household_needs",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb");
        }
    }
}
