using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <inheritdoc />
    public partial class NameKeyPairs : Migration
    {
        /// <summary>
        /// The keys already stored, paired as Model.NameKeyPairs pairs them (its Hash, its MostKeys), so duplicate matching
        /// finds the households registered before pairs were kept. Pairs already there are left as they are.
        /// </summary>
        public const string PairStoredKeys = """
            WITH keys AS (
                SELECT household_id, member_id, hash, sex, date_of_birth, count(*) OVER (PARTITION BY household_id, member_id) AS keys
                FROM name_index WHERE phonetic)
            INSERT INTO name_index (household_id, member_id, hash, phonetic, pair, sex, date_of_birth)
            SELECT a.household_id, a.member_id, substring(sha256(a.hash || b.hash) FROM 1 FOR 16), false, true, a.sex, a.date_of_birth
            FROM keys a JOIN keys b ON b.household_id = a.household_id AND b.member_id = a.member_id AND a.hash < b.hash
            WHERE a.keys <= 12
            ON CONFLICT DO NOTHING
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "pair",
                table: "name_index",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql(PairStoredKeys);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM name_index WHERE pair");
            migrationBuilder.DropColumn(
                name: "pair",
                table: "name_index");
        }
    }
}
