using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <summary>
    /// Name parts are counted whole since this version: before it a count stopped at 20,000 people, so in a large register
    /// a common name weighed as a rare one and unrelated families reached the review queue. Every open pair is made due
    /// to be scored again (RescoreDuplicatesJob takes pairs whose last score is as old as the pair), so the queue is
    /// cleared of them within the job's rounds instead of at each pair's next doubling interval.
    /// </summary>
    public partial class ScoreOpenPairsAgain : Migration
    {
        public const string MakeOpenPairsDue = "UPDATE duplicate_pairs SET scored_at = found_at WHERE status = 'Open'";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(MakeOpenPairsDue);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: a pair scored again keeps its new score.
        }
    }
}
