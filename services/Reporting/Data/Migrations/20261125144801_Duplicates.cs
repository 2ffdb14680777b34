using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class Duplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "merged",
                table: "households",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "merged",
                table: "households");
        }
    }
}
