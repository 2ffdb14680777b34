using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <summary>
    /// A centre's occupancy from totals kept by the database (docs/decisions/ADR-013-occupancy-from-totals-the-database-keeps.md): every
    /// statement that adds, changes or removes members or households appends what it changed to
    /// <c>occupancy_changes</c>, which <see cref="Jobs.OccupancyTotalsJob"/> folds into <c>occupancy_totals</c>.
    /// </summary>
    public partial class OccupancyKeptAsTotals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE occupancy_totals (
                    center_id uuid NOT NULL,
                    presence character varying(12) NOT NULL,
                    sex character varying(10),
                    date_of_birth date,
                    households integer NOT NULL,
                    people integer NOT NULL,
                    CONSTRAINT uq_occupancy_totals UNIQUE NULLS NOT DISTINCT (center_id, presence, sex, date_of_birth));

                CREATE TABLE occupancy_changes (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    center_id uuid NOT NULL,
                    presence character varying(12) NOT NULL,
                    sex character varying(10),
                    date_of_birth date,
                    households integer NOT NULL,
                    people integer NOT NULL);

                {Functions}

                CREATE TRIGGER occupancy_members_inserted AFTER INSERT ON members REFERENCING NEW TABLE AS new_members
                    FOR EACH STATEMENT EXECUTE FUNCTION occupancy_members_inserted();
                CREATE TRIGGER occupancy_members_deleted AFTER DELETE ON members REFERENCING OLD TABLE AS old_members
                    FOR EACH STATEMENT EXECUTE FUNCTION occupancy_members_deleted();
                CREATE TRIGGER occupancy_members_updated AFTER UPDATE ON members REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
                    FOR EACH STATEMENT EXECUTE FUNCTION occupancy_members_updated();
                CREATE TRIGGER occupancy_households_inserted AFTER INSERT ON households REFERENCING NEW TABLE AS new_households
                    FOR EACH STATEMENT EXECUTE FUNCTION occupancy_households_inserted();
                CREATE TRIGGER occupancy_households_updated AFTER UPDATE ON households REFERENCING OLD TABLE AS old_households NEW TABLE AS new_households
                    FOR EACH STATEMENT EXECUTE FUNCTION occupancy_households_updated();
                CREATE TRIGGER occupancy_households_deleting BEFORE DELETE ON households
                    FOR EACH ROW EXECUTE FUNCTION occupancy_households_deleting();

                INSERT INTO occupancy_totals (center_id, presence, sex, date_of_birth, households, people)
                SELECT h.current_center_id, h.presence, NULL, NULL, count(*), 0
                FROM households h
                WHERE {Counted("h")}
                GROUP BY 1, 2;
                INSERT INTO occupancy_totals (center_id, presence, sex, date_of_birth, households, people)
                SELECT h.current_center_id, h.presence, m.sex, m.date_of_birth, 0, count(*)
                FROM households h JOIN members m ON m.household_id = h.id
                WHERE {Counted("h")}
                GROUP BY 1, 2, 3, 4;
                """);
        }

        /// <summary>Present at a centre and not merged into another household: what occupancy counts.</summary>
        private static string Counted(string h) =>
            $"{h}.status = 'Present' AND {h}.merged_into_id IS NULL AND {h}.current_center_id IS NOT NULL";

        /// <summary>
        /// Statement triggers: a batch of fifty households and their members is one insert of what it changed, grouped.
        /// Each reads the other table as it is when the statement ends, so members and their household changed in one
        /// transaction, in either order, add up to the difference between before and after.
        /// </summary>
        private static readonly string Functions = $"""
            CREATE FUNCTION occupancy_members_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                SELECT h.current_center_id, h.presence, m.sex, m.date_of_birth, 0, count(*)
                FROM new_members m JOIN households h ON h.id = m.household_id
                WHERE {Counted("h")}
                GROUP BY 1, 2, 3, 4;
                RETURN NULL;
            END $$;

            CREATE FUNCTION occupancy_members_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- A household being deleted has taken its members out already (occupancy_households_deleting).
                INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                SELECT h.current_center_id, h.presence, m.sex, m.date_of_birth, 0, -count(*)
                FROM old_members m JOIN households h ON h.id = m.household_id
                WHERE {Counted("h")}
                GROUP BY 1, 2, 3, 4;
                RETURN NULL;
            END $$;

            CREATE FUNCTION occupancy_members_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Only a change of sex, date of birth or household moves a count: the rest cancel out.
                INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                SELECT h.current_center_id, h.presence, m.sex, m.date_of_birth, 0, sum(m.people)
                FROM (SELECT household_id, sex, date_of_birth, -1 AS people FROM old_members
                      UNION ALL SELECT household_id, sex, date_of_birth, 1 FROM new_members) m
                JOIN households h ON h.id = m.household_id
                WHERE {Counted("h")}
                GROUP BY 1, 2, 3, 4
                HAVING sum(m.people) <> 0;
                RETURN NULL;
            END $$;

            CREATE FUNCTION occupancy_households_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Their members are inserted after them, and counted then.
                INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                SELECT h.current_center_id, h.presence, NULL, NULL, count(*), 0
                FROM new_households h
                WHERE {Counted("h")}
                GROUP BY 1, 2;
                RETURN NULL;
            END $$;

            CREATE FUNCTION occupancy_households_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Most updates (a correction, a new version) leave centre, status, merge and presence alone: only those
                -- that moved one take their household and its members out of where they were and into where they are.
                INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                SELECT center_id, presence, sex, date_of_birth, sum(households), sum(people)
                FROM (
                    SELECT o.current_center_id AS center_id, o.presence, NULL AS sex, NULL::date AS date_of_birth, -1 AS households, 0 AS people, o.id
                    FROM old_households o JOIN new_households n ON n.id = o.id
                    WHERE {Counted("o")}
                      AND (o.status, o.merged_into_id, o.current_center_id, o.presence) IS DISTINCT FROM (n.status, n.merged_into_id, n.current_center_id, n.presence)
                    UNION ALL
                    SELECT n.current_center_id, n.presence, NULL, NULL, 1, 0, n.id
                    FROM old_households o JOIN new_households n ON n.id = o.id
                    WHERE {Counted("n")}
                      AND (o.status, o.merged_into_id, o.current_center_id, o.presence) IS DISTINCT FROM (n.status, n.merged_into_id, n.current_center_id, n.presence)
                ) moved_households
                GROUP BY 1, 2, 3, 4
                HAVING sum(households) <> 0
                UNION ALL
                SELECT moved.center_id, moved.presence, m.sex, m.date_of_birth, 0, sum(moved.households)
                FROM (
                    SELECT o.id, o.current_center_id AS center_id, o.presence, -1 AS households
                    FROM old_households o JOIN new_households n ON n.id = o.id
                    WHERE {Counted("o")}
                      AND (o.status, o.merged_into_id, o.current_center_id, o.presence) IS DISTINCT FROM (n.status, n.merged_into_id, n.current_center_id, n.presence)
                    UNION ALL
                    SELECT n.id, n.current_center_id, n.presence, 1
                    FROM old_households o JOIN new_households n ON n.id = o.id
                    WHERE {Counted("n")}
                      AND (o.status, o.merged_into_id, o.current_center_id, o.presence) IS DISTINCT FROM (n.status, n.merged_into_id, n.current_center_id, n.presence)
                ) moved
                JOIN members m ON m.household_id = moved.id
                GROUP BY 1, 2, 3, 4
                HAVING sum(moved.households) <> 0;
                RETURN NULL;
            END $$;

            CREATE FUNCTION occupancy_households_deleting() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- Before: its members are still there to be taken out with it.
                IF {Counted("OLD")} THEN
                    INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                    VALUES (OLD.current_center_id, OLD.presence, NULL, NULL, -1, 0);
                    INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                    SELECT OLD.current_center_id, OLD.presence, m.sex, m.date_of_birth, 0, -count(*)
                    FROM members m WHERE m.household_id = OLD.id
                    GROUP BY 3, 4;
                END IF;
                RETURN OLD;
            END $$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER occupancy_members_inserted ON members;
                DROP TRIGGER occupancy_members_deleted ON members;
                DROP TRIGGER occupancy_members_updated ON members;
                DROP TRIGGER occupancy_households_inserted ON households;
                DROP TRIGGER occupancy_households_updated ON households;
                DROP TRIGGER occupancy_households_deleting ON households;
                DROP FUNCTION occupancy_members_inserted();
                DROP FUNCTION occupancy_members_deleted();
                DROP FUNCTION occupancy_members_updated();
                DROP FUNCTION occupancy_households_inserted();
                DROP FUNCTION occupancy_households_updated();
                DROP FUNCTION occupancy_households_deleting();
                DROP TABLE occupancy_changes;
                DROP TABLE occupancy_totals;
                """);
        }
    }
}
