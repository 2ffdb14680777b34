using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IdpTracker.Registration.Data.Migrations
{
    /// <summary>
    /// A centre's occupancy from totals kept by the database (docs/decisions/ADR-013-occupancy-from-totals-the-database-keeps.md):
    /// every write that adds, changes or removes a member or a household appends what it changed to
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

                {Triggers}

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
        /// Row triggers, each a few index lookups and an insert: the services write a household's members one statement
        /// each, and a statement trigger with its transition tables cost about a fifth of a sync's speed where these cost
        /// no more than the noise (docs/benchmarks/README.md item 33). Each reads the other table as it is when it fires,
        /// so members and their household changed in one transaction, in either order, add up to the difference between
        /// before and after; the WHEN clauses keep the functions from being called for a change that moves no count.
        /// </summary>
        private static readonly string Functions = $"""
            CREATE FUNCTION occupancy_member_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                    SELECT h.current_center_id, h.presence, OLD.sex, OLD.date_of_birth, 0, -1
                    FROM households h WHERE h.id = OLD.household_id AND {Counted("h")};
                END IF;
                IF TG_OP IN ('UPDATE', 'INSERT') THEN
                    INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                    SELECT h.current_center_id, h.presence, NEW.sex, NEW.date_of_birth, 0, 1
                    FROM households h WHERE h.id = NEW.household_id AND {Counted("h")};
                END IF;
                RETURN NULL;
            END $$;

            CREATE FUNCTION occupancy_household_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') AND {Counted("OLD")} THEN
                    INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                    VALUES (OLD.current_center_id, OLD.presence, NULL, NULL, -1, 0);
                    INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                    SELECT OLD.current_center_id, OLD.presence, m.sex, m.date_of_birth, 0, -count(*)
                    FROM members m WHERE m.household_id = OLD.id GROUP BY 3, 4;
                END IF;
                IF TG_OP IN ('UPDATE', 'INSERT') AND {Counted("NEW")} THEN
                    INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                    VALUES (NEW.current_center_id, NEW.presence, NULL, NULL, 1, 0);
                    IF TG_OP = 'UPDATE' THEN
                        INSERT INTO occupancy_changes (center_id, presence, sex, date_of_birth, households, people)
                        SELECT NEW.current_center_id, NEW.presence, m.sex, m.date_of_birth, 0, count(*)
                        FROM members m WHERE m.household_id = NEW.id GROUP BY 3, 4;
                    END IF;
                END IF;
                RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NULL END;
            END $$;
            """;

        private static readonly string Triggers = $"""
            CREATE TRIGGER occupancy_member_inserted AFTER INSERT ON members FOR EACH ROW EXECUTE FUNCTION occupancy_member_changed();
            CREATE TRIGGER occupancy_member_deleted AFTER DELETE ON members FOR EACH ROW EXECUTE FUNCTION occupancy_member_changed();
            CREATE TRIGGER occupancy_member_updated AFTER UPDATE OF sex, date_of_birth, household_id ON members FOR EACH ROW
                WHEN ((OLD.sex, OLD.date_of_birth, OLD.household_id) IS DISTINCT FROM (NEW.sex, NEW.date_of_birth, NEW.household_id))
                EXECUTE FUNCTION occupancy_member_changed();
            CREATE TRIGGER occupancy_household_inserted AFTER INSERT ON households FOR EACH ROW
                WHEN ({Counted("NEW")})
                EXECUTE FUNCTION occupancy_household_changed();
            CREATE TRIGGER occupancy_household_updated AFTER UPDATE OF status, merged_into_id, current_center_id, presence ON households FOR EACH ROW
                WHEN ((OLD.status, OLD.merged_into_id, OLD.current_center_id, OLD.presence) IS DISTINCT FROM (NEW.status, NEW.merged_into_id, NEW.current_center_id, NEW.presence))
                EXECUTE FUNCTION occupancy_household_changed();
            CREATE TRIGGER occupancy_household_deleting BEFORE DELETE ON households FOR EACH ROW EXECUTE FUNCTION occupancy_household_changed();
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER occupancy_member_inserted ON members;
                DROP TRIGGER occupancy_member_deleted ON members;
                DROP TRIGGER occupancy_member_updated ON members;
                DROP TRIGGER occupancy_household_inserted ON households;
                DROP TRIGGER occupancy_household_updated ON households;
                DROP TRIGGER occupancy_household_deleting ON households;
                DROP FUNCTION occupancy_member_changed();
                DROP FUNCTION occupancy_household_changed();
                DROP TABLE occupancy_changes;
                DROP TABLE occupancy_totals;
                """);
        }
    }
}
