using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using IdpTracker.Contracts.Needs;
using IdpTracker.Messaging;
using IdpTracker.Needs.Data;
using IdpTracker.Needs.Model;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Needs.Apis;

/// <summary>A new version of the rules: only the numbers that change; the others are kept from the rules in force.</summary>
/// <param name="Note">Why, in a sentence, for whoever reads the history.</param>
/// <param name="Rules">e.g. { "seasonStartMonth": 10, "priority": { "coldAlert": 40 } }</param>
public sealed record RuleSetPublication(string? Note, JsonObject? Rules);

public sealed record RuleSetResponse(string Version, RuleSet Rules, string? Note, string? PublishedBy, DateTimeOffset? PublishedAt, Guid? ReevaluationId)
{
    public static RuleSetResponse From(PublishedRuleSet r) => new(r.Version, r.Rules, r.Note, r.PublishedBy, r.PublishedAt, r.ReevaluationId);

    public static RuleSetResponse Defaults(RuleSet rules) => new(rules.Version, rules, "Defaults from Sphere / UNHCR guidance", null, null, null);
}

public sealed record RuleSetsResponse(RuleSetResponse Current, IReadOnlyList<RuleSetResponse> Versions);

public static class RuleSetsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapRuleSetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/needs/rulesets").WithTags("Rule sets");
        api.MapGet("/", List).RequireAuthorization(Policies.Staff)
            .WithSummary("The rules in force and every version published before, newest first");
        api.MapGet("/{version}", Get).RequireAuthorization(Policies.Staff).WithSummary("One version of the rules (e.g. v2, or default-1)");
        api.MapPost("/", Publish).RequireAuthorization(Policies.Centres)
            .WithSummary("Publish a new version of the rules; every open household is assessed again in the background")
            .WithDescription("Send only the numbers that change under rules; the others are kept. A rule no valid input could satisfy " +
                             "is refused naming its field. The answer names the re-evaluation to follow at /api/needs/reevaluations/{id}. " +
                             "The rules hold for every area, so only administrators change them; a coordinator sets the winter season of " +
                             "their own areas (areaSeasons: the entries of their areas are replaced, other areas' kept).");
        return app;
    }

    public static async Task<Ok<RuleSetsResponse>> List(NeedsDbContext db, RuleSet defaults, CancellationToken cancellationToken)
    {
        var versions = (await db.RuleSets.AsNoTracking().OrderByDescending(r => r.Number).ToListAsync(cancellationToken)).Select(RuleSetResponse.From).ToList();
        return TypedResults.Ok(new RuleSetsResponse(versions.FirstOrDefault() ?? RuleSetResponse.Defaults(defaults), versions));
    }

    public static async Task<Results<Ok<RuleSetResponse>, NotFound>> Get(string version, NeedsDbContext db, RuleSet defaults, CancellationToken cancellationToken)
    {
        if (version == defaults.Version) return TypedResults.Ok(RuleSetResponse.Defaults(defaults));
        var found = await db.RuleSets.AsNoTracking().FirstOrDefaultAsync(r => r.Version == version, cancellationToken);
        return found is null ? TypedResults.NotFound() : TypedResults.Ok(RuleSetResponse.From(found));
    }

    public static async Task<Results<Created<RuleSetResponse>, ValidationProblem, Conflict<RuleSetResponse>, ProblemHttpResult>> Publish(
        RuleSetPublication publication, NeedsDbContext db, RuleSet defaults, ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (publication.Rules is null || publication.Rules.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["rules"] = ["Give the rules that change, e.g. { \"seasonStartMonth\": 10 }."] });
        }
        if (publication.Note?.Length > 500) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["note"] = ["Keep the note under 500 characters."] });

        // The version merged over decides the next number: a publication made meanwhile makes this one a conflict, not a silent revert.
        var latest = await db.RuleSets.AsNoTracking().OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        var current = latest?.Rules ?? defaults;
        var changes = publication.Rules;
        if (ScopedToCaller(Caller.From(user), current, ref changes) is { } outside) return outside;
        var (rules, errors) = Merge(current, changes);
        if (rules is not null) errors = RuleSetValidation.Errors(rules);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var now = clock.GetUtcNow();
        var number = (latest?.Number ?? 0) + 1;
        var version = $"v{number}";
        var reevaluation = db.QueueReevaluation($"ruleset:{version}", $"rule set {version}", null, now);
        var published = new PublishedRuleSet
        {
            Number = number, Version = version, Rules = rules! with { Version = version }, Note = publication.Note,
            PublishedBy = Caller.From(user).Subject, PublishedAt = now, ReevaluationId = reevaluation.Id,
        };
        db.RuleSets.Add(published);
        db.AddOutboxMessage(new RuleSetPublished(version, now), clock);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Someone published the same version number a moment earlier: theirs stands, and this one was made from older rules.
            var winner = await db.RuleSets.AsNoTracking().FirstAsync(r => r.Number == number, cancellationToken);
            return TypedResults.Conflict(RuleSetResponse.From(winner));
        }
        return TypedResults.Created($"/api/needs/rulesets/{version}", RuleSetResponse.From(published));
    }

    /// <summary>
    /// What a caller may change: an administrator any rule; anyone else only the winter seasons of areas they cover, their
    /// entries replacing those of their areas while other areas' stay as they are. Anything else is refused naming it.
    /// </summary>
    private static ProblemHttpResult? ScopedToCaller(Caller caller, RuleSet current, ref JsonObject changes)
    {
        if (caller.Is(Roles.Admin)) return null;
        if (changes.FirstOrDefault(c => c.Key != "areaSeasons") is { Key: { } rule })
        {
            return Outside($"rules.{rule}", "The rules hold for every area: only an administrator changes them. Set your areas' winter season under areaSeasons.");
        }
        if (changes["areaSeasons"] is not JsonArray sent) return null; // refused by the merge, naming the field
        for (var i = 0; i < sent.Count; i++)
        {
            if ((sent[i] as JsonObject)?["area"] is JsonValue value && value.TryGetValue<string>(out var area) && !caller.CoversArea(area.Trim()))
            {
                return Outside($"rules.areaSeasons[{i}].area", $"{area} is outside your areas.");
            }
        }
        var others = current.AreaSeasons.Where(s => !caller.CoversArea(s.Area)).Select(s => JsonSerializer.SerializeToNode(s, Json));
        changes = new JsonObject { ["areaSeasons"] = new JsonArray([.. others, .. sent.Select(s => s?.DeepClone())]) };
        return null;
    }

    private static ProblemHttpResult Outside(string field, string message) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden, title: "Outside what you may change.",
        extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>The rules in force with the given fields replaced; an unknown field or a wrong type is an error naming it.</summary>
    public static (RuleSet? Rules, Dictionary<string, string[]> Errors) Merge(RuleSet current, JsonObject changes)
    {
        var errors = new Dictionary<string, string[]>();
        var merged = JsonSerializer.SerializeToNode(current, Json)!.AsObject();
        merged.Remove("version");
        MergeInto(merged, changes, "rules", errors);
        if (errors.Count > 0) return (null, errors);
        try
        {
            return (merged.Deserialize<RuleSet>(Json), errors);
        }
        catch (JsonException ex)
        {
            errors["rules" + (ex.Path ?? "").TrimStart('$')] = ["This value has the wrong type; see GET /api/needs/rulesets for the shape of each rule."];
            return (null, errors);
        }
    }

    private static void MergeInto(JsonObject target, JsonObject changes, string path, Dictionary<string, string[]> errors)
    {
        foreach (var (name, value) in changes)
        {
            if (value is null || (value is JsonArray array && array.Any(item => item is null)))
            {
                errors[$"{path}.{name}"] = ["Give a value; null is not a rule."];
            }
            else if (!target.ContainsKey(name))
            {
                errors[$"{path}.{name}"] = [$"There is no rule '{name}' here; known: {string.Join(", ", target.Select(p => p.Key))}."];
            }
            else if (target[name] is JsonObject inner && value is JsonObject innerChanges)
            {
                MergeInto(inner, innerChanges, $"{path}.{name}", errors);
            }
            else
            {
                target[name] = value?.DeepClone();
            }
        }
    }
}
