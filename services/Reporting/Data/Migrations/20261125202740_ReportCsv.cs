using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportCsv : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "csv",
                table: "situation_reports",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "csv",
                table: "situation_reports");
        }
    }
}
