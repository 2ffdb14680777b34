using System.Text.Json.Nodes;

namespace IdpTracker.Registration.Model;

/// <summary>Which copy a person chose for a field both copies changed.</summary>
public enum MergeSide { Current, Submitted }

/// <summary>
/// A field both copies changed, each differently, since the version the device last saw: the one thing a person decides.
/// <paramref name="Field"/> is a path: <c>/phone</c>, <c>/origin/neighbourhood</c>, <c>/members/{memberId}/nameLatin</c>,
/// or <c>/members/{memberId}</c> when one copy removed a member the other changed. A missing value is null.
/// </summary>
public sealed record FieldCollision(string Field, JsonNode? Base, JsonNode? Current, JsonNode? Submitted);

public sealed record MergeResult(JsonObject Merged, IReadOnlyList<FieldCollision> Collisions);

/// <summary>
/// Merges a refused copy of a household into the stored one against the version the device last saw (its base):
/// a field only one of them changed takes that change; a field both changed the same way is that value; a field both
/// changed differently is a collision, which keeps the stored value unless a choice says otherwise.
/// Members are matched by id, so a member added on either side is kept, a member removed on one side is removed when
/// the other did not change them, and lists of specific needs merge as sets (an added need and a removed one both
/// stand). Without a base (an old copy, a client that did not say its version) every difference is a collision.
/// See docs/domain.md, "Conflicts: merged field by field".
/// </summary>
/// <remarks>Copies are JSON objects in one canonical form (the caller normalises dates, trims text, orders needs).</remarks>
public static class ThreeWayMerge
{
    private const string Members = "members";

    public static MergeResult Merge(JsonObject? @base, JsonObject current, JsonObject submitted, IReadOnlyDictionary<string, MergeSide>? choices = null)
    {
        var merger = new Merger(@base is not null, choices ?? new Dictionary<string, MergeSide>());
        var merged = merger.Object("", @base, current, submitted, skip: Members);
        merged[Members] = merger.MergeMembers(
            @base?[Members] as JsonArray, current[Members] as JsonArray ?? [], submitted[Members] as JsonArray ?? []);
        return new MergeResult(merged, merger.Collisions);
    }

    /// <summary>The paths whose values differ between two copies (members by id): what a version changed.</summary>
    public static IReadOnlyList<string> Differences(JsonObject? before, JsonObject after) =>
        before is null ? [] : Merge(null, before, after).Collisions.Select(c => c.Field).ToList();

    private sealed class Merger(bool baseKnown, IReadOnlyDictionary<string, MergeSide> choices)
    {
        public List<FieldCollision> Collisions { get; } = [];

        public JsonObject Object(string path, JsonObject? @base, JsonObject? current, JsonObject? submitted, string? skip = null)
        {
            var keys = new[] { current, submitted, @base }.OfType<JsonObject>().SelectMany(o => o.Select(p => p.Key))
                .Where(k => k != skip).Distinct().ToList();
            var merged = new JsonObject();
            foreach (var key in keys)
            {
                var value = Value($"{path}/{key}", @base?[key], current?[key], submitted?[key]);
                if (value is not null) merged[key] = value;
            }
            return merged;
        }

        private JsonNode? Value(string path, JsonNode? @base, JsonNode? current, JsonNode? submitted)
        {
            if (Same(current, submitted)) return Copy(current);
            if (baseKnown && Same(@base, submitted)) return Copy(current);
            if (baseKnown && Same(@base, current)) return Copy(submitted);
            // Both changed: look inside (origin), or merge sets (specific needs), before calling it a collision.
            if (IsObjectOrNull(@base) && IsObjectOrNull(current) && IsObjectOrNull(submitted))
            {
                var inner = Object(path, @base as JsonObject, current as JsonObject, submitted as JsonObject);
                return inner.Count == 0 ? null : inner;
            }
            if (baseKnown && IsTextList(@base) && IsTextList(current) && IsTextList(submitted))
            {
                var before = Texts(@base);
                var theirs = Texts(submitted);
                var result = Texts(current).Union(theirs.Except(before)).Except(before.Except(theirs)).Order(StringComparer.Ordinal);
                return new JsonArray(result.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
            }
            return Collide(path, @base, current, submitted);
        }

        public JsonArray MergeMembers(JsonArray? @base, JsonArray current, JsonArray submitted)
        {
            var before = ById(@base ?? []);
            var stored = ById(current);
            var sent = SentById(submitted, @base);
            var merged = new JsonArray();
            foreach (var (id, member) in stored)
            {
                var path = $"/{Members}/{id}";
                before.TryGetValue(id, out var was);
                if (sent.TryGetValue(id, out var theirs))
                {
                    merged.Add(Object(path, was, member, theirs));
                }
                else if (!baseKnown || was is not null)
                {
                    // The device removed this member (or, without a base, never had them).
                    if (baseKnown && Same(was, member)) continue;
                    if (Collide(path, was, member, null) is JsonObject kept) merged.Add(kept);
                }
                else
                {
                    merged.Add(Copy(member));
                }
            }
            foreach (var (id, theirs) in sent.Where(s => !stored.ContainsKey(s.Key)))
            {
                before.TryGetValue(id, out var was);
                if (was is null && baseKnown)
                {
                    merged.Add(Copy(theirs));
                    continue;
                }
                // Removed here since the device's copy (or unknown here without a base): kept removed unless the device changed them.
                if (baseKnown && Same(was, theirs)) continue;
                if (Collide($"/{Members}/{id}", was, null, theirs) is JsonObject restored) merged.Add(restored);
            }
            return merged;
        }

        private JsonNode? Collide(string path, JsonNode? @base, JsonNode? current, JsonNode? submitted)
        {
            Collisions.Add(new FieldCollision(path, Copy(@base), Copy(current), Copy(submitted)));
            return Copy(choices.TryGetValue(path, out var side) && side == MergeSide.Submitted ? submitted : current);
        }

        private static Dictionary<string, JsonObject> ById(JsonArray members) => members.OfType<JsonObject>()
            .Select((m, i) => (Key: m["id"]?.GetValue<string>() ?? $"new-{i}", Member: m))
            .ToDictionary(m => m.Key, m => m.Member);

        /// <summary>
        /// A member sent without an id is the base's member at the same place (a client that leaves ids out edits in
        /// place), unless the copy names that member elsewhere; past the base's members it is new.
        /// </summary>
        private static Dictionary<string, JsonObject> SentById(JsonArray submitted, JsonArray? @base)
        {
            var named = submitted.OfType<JsonObject>().Select(m => m["id"]?.GetValue<string>()).OfType<string>().ToHashSet();
            var result = new Dictionary<string, JsonObject>();
            var position = 0;
            foreach (var member in submitted.OfType<JsonObject>())
            {
                var id = member["id"]?.GetValue<string>();
                if (id is null && @base?.ElementAtOrDefault(position) is JsonObject there && there["id"]?.GetValue<string>() is { } baseId && !named.Contains(baseId))
                {
                    id = baseId;
                    named.Add(baseId);
                    var identified = (JsonObject)member.DeepClone();
                    identified["id"] = baseId;
                    result[id] = identified;
                }
                else
                {
                    result[id ?? $"new-{position}"] = member;
                }
                position++;
            }
            return result;
        }

        private static bool Same(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Empty(a), Empty(b));

        /// <summary>An absent value, null, an empty list and an empty object all say "nothing".</summary>
        private static JsonNode? Empty(JsonNode? node) => node switch
        {
            JsonArray { Count: 0 } => null,
            JsonObject o when o.All(p => Empty(p.Value) is null) => null,
            _ => node,
        };

        private static bool IsObjectOrNull(JsonNode? node) => node is null or JsonObject;

        private static bool IsTextList(JsonNode? node) => node is null || (node is JsonArray a && a.All(v => v is JsonValue));

        private static HashSet<string> Texts(JsonNode? node) => node is JsonArray a ? a.Select(v => v!.GetValue<string>()).ToHashSet() : [];

        private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();

        private static JsonObject Copy(JsonObject node) => (JsonObject)node.DeepClone();
    }
}
