using IdpTracker.Registration.Application;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

/// <summary>What a name search is narrowed by, besides the caller's reach.</summary>
public sealed record SearchFilters(Guid? CenterId, PlaceStatus? Status, Guid[]? Ids, Sex? Sex, int? BirthYear)
{
    /// <summary>An estimated date of birth (from an age) may fall in the year either side of the one a person gives.</summary>
    public static (DateOnly? From, DateOnly? To) BornBetween(int? year) =>
        year is { } y ? (new DateOnly(y - 1, 1, 1), new DateOnly(y + 1, 12, 31)) : (null, null);
}

/// <summary>
/// Finds households by a name in either script and ranks them by the same evidence duplicate matching weighs
/// (docs/domain.md, "Searching by name"): each part of the name searched counts by how rare it is in the register,
/// a part spelled the same way a little more, a part the member lacks counts against; the member who carries the most
/// of the name ranks the household. "Mohammed Al-Ahmad" thus puts the Mohammed Al-Ahmads first and among them no one
/// ahead by chance, while a rare name finds its family at the top. Narrowed by the searched member's sex and year of
/// birth, and by centre and status.
/// </summary>
public sealed class HouseholdSearch(RegistrationDbContext db, PersonalDataProtector protector, NameFrequencyCounter counter, Reach reach)
{
    /// <summary>A part of the name searched that the member does not carry (as in duplicate matching).</summary>
    private const double PartMissing = -3;

    /// <summary>Spelled as searched (the same script key), not only sounding alike.</summary>
    private const double SameSpelling = 1;

    public async Task<List<Guid>> FindAsync(string q, SearchFilters filters, int page, int size, CancellationToken cancellationToken)
    {
        var parts = NameKeys.Parts(q).Select(NameKeys.For).Where(keys => keys.Count > 0).ToList();
        if (parts.Count == 0) return [];
        var phonetic = parts.SelectMany(keys => keys.Where(NameKeys.IsPhonetic)).Select(protector.BlindIndex).ToList();
        var frequencies = await counter.ForAsync(db, phonetic, cancellationToken);

        var (hashes, partOf, weights) = (new List<byte[]>(), new List<int>(), new List<double>());
        for (var part = 0; part < parts.Count; part++)
        {
            var sound = parts[part].FirstOrDefault(NameKeys.IsPhonetic);
            var weight = sound is null ? DuplicateScoring.NamePartWeight(NameFrequencies.TypicalShare)
                : DuplicateScoring.NamePartWeight(frequencies.ShareOf(Convert.ToHexString(protector.BlindIndex(sound))));
            foreach (var key in parts[part])
            {
                hashes.Add(protector.BlindIndex(key));
                partOf.Add(part);
                weights.Add(NameKeys.IsPhonetic(key) ? weight : weight + SameSpelling);
            }
        }

        var centres = (await reach.CentresAsync(cancellationToken)).ToArray();
        var ids = filters.Ids ?? [];
        var status = filters.Status?.ToString();
        var sex = filters.Sex?.ToString();
        var (bornFrom, bornTo) = SearchFilters.BornBetween(filters.BirthYear);

        // The households where one member carries every part by its best key (as spelled, where the part has a script
        // key) rank above all others, and among themselves by id. Read in id order from the rarest part's key, the
        // first pages of a common name stop at the page's end instead of ranking every holder of the name: at 250,000
        // households "Mohammed" is in most of them. Only when that best rank runs out before the page ends is every
        // household carrying any part ranked.
        var best = Enumerable.Range(0, parts.Count)
            .Select(part => Enumerable.Range(0, hashes.Count).Where(i => partOf[i] == part).MaxBy(i => weights[i]))
            .OrderByDescending(i => weights[i]).Select(i => hashes[i]).ToList();
        var (walked, others) = (best[0], best.Skip(1).DistinctBy(Convert.ToHexString).Where(h => !h.AsSpan().SequenceEqual(best[0])).ToArray());
        var wanted = page * size;
        // "NOT e.pair" (a search asks for keys, never pairs of them) is the search index's own condition (ADR-014).
        // A member carrying the other parts' keys too is found by joining their index ranges, not by looking each
        // holder of the walked key up: for two common parts ("Mohammed Ahmad", 400,000 holders each at 1,500,000
        // households) PostgreSQL reads both ranges once (0.7 s, against 2 s warm and 11 s on cold caches looking up
        // each holder); for a rare walked key it still looks up its few holders (3 ms).
        var bestRanked = await db.Database.SqlQuery<Guid>(others.Length == 0
            ? (FormattableString)$"""
                SELECT e.household_id AS "Value"
                FROM name_index e
                JOIN households h ON h.id = e.household_id
                WHERE e.hash = {walked} AND NOT e.pair
                  AND h.merged_into_id IS NULL
                  AND (h.center_id = ANY({centres}) OR h.current_center_id = ANY({centres}))
                  AND ({filters.CenterId}::uuid IS NULL OR h.current_center_id = {filters.CenterId})
                  AND ({status}::text IS NULL OR h.status = {status})
                  AND (cardinality({ids}::uuid[]) = 0 OR h.id = ANY({ids}))
                  AND ({sex}::text IS NULL OR e.sex = {sex})
                  AND ({bornFrom}::date IS NULL OR e.date_of_birth BETWEEN {bornFrom} AND {bornTo})
                GROUP BY e.household_id
                ORDER BY e.household_id
                LIMIT {wanted}
                """
            : (FormattableString)$"""
                SELECT m.household_id AS "Value" FROM (
                    SELECT e.household_id
                    FROM name_index e
                    JOIN name_index o ON o.household_id = e.household_id AND o.member_id = e.member_id AND o.hash = ANY({others}) AND NOT o.pair
                    JOIN households h ON h.id = e.household_id
                    WHERE e.hash = {walked} AND NOT e.pair
                      AND h.merged_into_id IS NULL
                      AND (h.center_id = ANY({centres}) OR h.current_center_id = ANY({centres}))
                      AND ({filters.CenterId}::uuid IS NULL OR h.current_center_id = {filters.CenterId})
                      AND ({status}::text IS NULL OR h.status = {status})
                      AND (cardinality({ids}::uuid[]) = 0 OR h.id = ANY({ids}))
                      AND ({sex}::text IS NULL OR e.sex = {sex})
                      AND ({bornFrom}::date IS NULL OR e.date_of_birth BETWEEN {bornFrom} AND {bornTo})
                    GROUP BY e.household_id, e.member_id
                    HAVING count(DISTINCT o.hash) = cardinality({others}::bytea[])) m
                GROUP BY m.household_id
                ORDER BY m.household_id
                LIMIT {wanted}
                """).ToListAsync(cancellationToken);
        if (bestRanked.Count == wanted) return bestRanked.Skip((page - 1) * size).ToList();

        return await db.Database.SqlQuery<Guid>($"""
            WITH q AS (SELECT * FROM unnest({hashes.ToArray()}::bytea[], {partOf.ToArray()}::int[], {weights.ToArray()}::float8[]) AS q(hash, part, weight)),
            per_part AS (
                SELECT e.household_id, e.member_id, q.part, max(q.weight) AS best
                FROM name_index e
                JOIN q ON q.hash = e.hash AND NOT e.pair
                JOIN households h ON h.id = e.household_id
                WHERE h.merged_into_id IS NULL
                  AND (h.center_id = ANY({centres}) OR h.current_center_id = ANY({centres}))
                  AND ({filters.CenterId}::uuid IS NULL OR h.current_center_id = {filters.CenterId})
                  AND ({status}::text IS NULL OR h.status = {status})
                  AND (cardinality({ids}::uuid[]) = 0 OR h.id = ANY({ids}))
                  AND ({sex}::text IS NULL OR e.sex = {sex})
                  AND ({bornFrom}::date IS NULL OR e.date_of_birth BETWEEN {bornFrom} AND {bornTo})
                GROUP BY e.household_id, e.member_id, q.part),
            per_member AS (
                SELECT household_id, sum(best) + {PartMissing} * ({parts.Count} - count(*)) AS weight
                FROM per_part GROUP BY household_id, member_id)
            SELECT household_id AS "Value" FROM per_member
            GROUP BY household_id
            ORDER BY max(weight) DESC, household_id
            LIMIT {size} OFFSET {(page - 1) * size}
            """).ToListAsync(cancellationToken);
    }
}
