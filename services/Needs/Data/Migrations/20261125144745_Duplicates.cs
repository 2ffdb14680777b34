using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Needs.Data.Migrations
{
    /// <inheritdoc />
    public partial class Duplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "merged",
                table: "household_needs",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "merged",
                table: "household_needs");
        }
    }
}
