using System.Security.Claims;

namespace IdpTracker.ServiceDefaults.Security;

/// <summary>The roles a token can carry. A person may hold several.</summary>
public static class Roles
{
    public const string FieldWorker = "field_worker";
    public const string Coordinator = "coordinator";
    public const string Donor = "donor";
    public const string Admin = "admin";
    /// <summary>A system calling with client credentials, never a person.</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> People = [FieldWorker, Coordinator, Donor, Admin];
}

/// <summary>Claim types in IdpTracker access tokens (JWT names, read without mapping).</summary>
public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Role = "role";
    /// <summary>A reception centre id a field worker is assigned to (one claim per centre).</summary>
    public const string Centre = "centre";
    /// <summary>An admin code (adm1, adm2 or adm3) a coordinator is responsible for (one claim per area).</summary>
    public const string Area = "area";
    /// <summary>The organisation a donor belongs to.</summary>
    public const string Organisation = "org";
}

/// <summary>Names of the authorization policies every service shares.</summary>
public static class Policies
{
    /// <summary>Field workers and coordinators: registration work, always limited to their centres or areas.</summary>
    public const string Registration = "registration";
    /// <summary>Coordinators: reviewing duplicates and conflicts, needs, report previews and subscriptions.</summary>
    public const string Coordination = "coordination";
    /// <summary>Administrators: users, centres and rule sets; never households.</summary>
    public const string Administration = "administration";
    /// <summary>Coordinators and administrators: managing reception centres.</summary>
    public const string Centres = "centres";
    /// <summary>Field workers, coordinators and administrators: centres and their figures, each limited to what the caller may see.</summary>
    public const string Staff = "staff";
    /// <summary>Donors, coordinators and administrators: reports, each limited to what the caller may see.</summary>
    public const string Reports = "reports";
}

/// <summary>
/// Who is calling and what they may reach, read from the access token. Object-level checks use this on
/// every read and write: a field worker reaches their centres, a coordinator the centres of their areas.
/// </summary>
public sealed record Caller(string Subject, IReadOnlySet<string> Roles, IReadOnlySet<Guid> Centres, IReadOnlySet<string> Areas, string? Organisation)
{
    public static Caller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimNames.Subject) ?? "",
        user.FindAll(ClaimNames.Role).Select(c => c.Value).ToHashSet(),
        user.FindAll(ClaimNames.Centre).Select(c => Guid.TryParse(c.Value, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToHashSet(),
        user.FindAll(ClaimNames.Area).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase),
        user.FindFirstValue(ClaimNames.Organisation));

    public bool Is(string role) => Roles.Contains(role);

    /// <summary>Whether the caller may see a centre (and the people in it), given its id and admin codes.</summary>
    public bool Reaches(Guid centreId, params string?[] adminCodes) =>
        (Is(FieldWorker) && Centres.Contains(centreId))
        || (Is(Coordinator) && adminCodes.Any(code => code is not null && Areas.Contains(code)));

    /// <summary>Whether an area (adm1 or adm2 code) lies in the caller's areas, an adm2 inside their adm1 included. Administrators cover all.</summary>
    public bool CoversArea(string? code) =>
        Is(Security.Roles.Admin) || (code is not null && Areas.Any(a => code.StartsWith(a, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Whether a report's or subscription's scope (the admin codes of its areas and centres) lies wholly in the caller's
    /// areas: a coordinator sees and acts on those only, since they name recipients and count other areas' people.
    /// An empty scope covers everything, which only administrators reach.
    /// </summary>
    public bool CoversScope(IReadOnlyCollection<string> scopeAreas) =>
        Is(Security.Roles.Admin) || (scopeAreas.Count > 0 && scopeAreas.All(CoversArea));

    /// <summary>
    /// <see cref="CoversScope"/> in SQL, for rows that keep their scope in a text[] column <c>scope_areas</c>: every code
    /// starts with one of the caller's areas (a coordinator's rule; administrators need no filter). For FromSql: the
    /// table name is the caller's code, the areas go as a parameter.
    /// </summary>
    public FormattableString RowsWithinAreas(string table) => System.Runtime.CompilerServices.FormattableStringFactory.Create(
        $$"""
        SELECT * FROM {{table}} r
        WHERE cardinality(r.scope_areas) > 0
          AND NOT EXISTS (SELECT 1 FROM unnest(r.scope_areas) AS s(code) WHERE NOT (upper(s.code) LIKE ANY ({0})))
        """,
        // One argument, the array: passed bare, a string[] would be taken as the whole argument list.
        new object[] { Areas.Select(a => a.ToUpperInvariant() + "%").ToArray() });

    private const string FieldWorker = Security.Roles.FieldWorker;
    private const string Coordinator = Security.Roles.Coordinator;
}
