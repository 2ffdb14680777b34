using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class NameIndexesHoldWhatTheirReadersAsk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Built before the indexes they replace are dropped: matching and search always have one.
            migrationBuilder.CreateIndex(
                name: "ix_name_index_match_candidates",
                table: "name_index",
                columns: new[] { "hash", "sex", "date_of_birth" },
                filter: "phonetic OR pair")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexInclude", new[] { "household_id", "member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_name_index_search",
                table: "name_index",
                columns: new[] { "hash", "household_id" },
                filter: "NOT pair")
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexInclude", new[] { "member_id", "sex", "date_of_birth" });

            migrationBuilder.DropIndex(
                name: "ix_name_index_duplicate_candidates",
                table: "name_index");

            migrationBuilder.DropIndex(
                name: "ix_name_index_hash_household_id",
                table: "name_index");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_name_index_duplicate_candidates",
                table: "name_index",
                columns: new[] { "hash", "sex", "date_of_birth" })
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexInclude", new[] { "household_id", "member_id" });

            migrationBuilder.CreateIndex(
                name: "ix_name_index_hash_household_id",
                table: "name_index",
                columns: new[] { "hash", "household_id" })
                .Annotation("Npgsql:CreatedConcurrently", true)
                .Annotation("Npgsql:IndexInclude", new[] { "member_id", "sex", "date_of_birth" });

            migrationBuilder.DropIndex(
                name: "ix_name_index_match_candidates",
                table: "name_index");

            migrationBuilder.DropIndex(
                name: "ix_name_index_search",
                table: "name_index");
        }
    }
}
