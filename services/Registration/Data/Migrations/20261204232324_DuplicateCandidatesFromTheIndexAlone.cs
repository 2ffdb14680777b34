using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class DuplicateCandidatesFromTheIndexAlone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Built before the index it replaces is dropped: matching always has one of the two.
            migrationBuilder.CreateIndex(
                name: "ix_name_index_duplicate_candidates",
                table: "name_index",
                columns: new[] { "hash", "sex", "date_of_birth" })
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexInclude", new[] { "household_id", "member_id" });

            migrationBuilder.DropIndex(
                name: "ix_name_index_hash_sex_date_of_birth",
                table: "name_index");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_name_index_duplicate_candidates",
                table: "name_index");

            migrationBuilder.CreateIndex(
                name: "ix_name_index_hash_sex_date_of_birth",
                table: "name_index",
                columns: new[] { "hash", "sex", "date_of_birth" });
        }
    }
}
