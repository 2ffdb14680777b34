namespace IdpTracker.Needs.Model;

/// <summary>
/// One thing a rule found, explaining itself: which rule (a stable id such as "priority.unheatedShelter"), from which
/// rule set version, what it adds to a priority score, and the facts that triggered it. Facts are counts, codes and
/// temperatures, never a name.
/// </summary>
public sealed record Finding(string Rule, string RuleSetVersion, string Text, int Weight, IReadOnlyDictionary<string, string> Inputs)
{
    public static Finding Of(string rule, RuleSet rules, string text, int weight = 0, params (string Key, object Value)[] inputs) =>
        new(rule, rules.Version, text, weight, inputs.ToDictionary(i => i.Key, i => Convert.ToString(i.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
}
