namespace IdpTracker.Registration.Model;

/// <summary>
/// Specific-needs codes close to UNHCR's categories, with the Washington Group short set
/// (a lot of difficulty, or cannot do at all).
/// </summary>
public static class SpecificNeeds
{
    public static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string>
    {
        ["UAC"] = "Unaccompanied child",
        ["SEP"] = "Separated child",
        ["CHH"] = "Child-headed household",
        ["FHH"] = "Female-headed household",
        ["ELD"] = "Older person at risk or alone",
        ["WG-SEEING"] = "Difficulty seeing",
        ["WG-HEARING"] = "Difficulty hearing",
        ["WG-WALKING"] = "Difficulty walking or climbing steps",
        ["WG-REMEMBERING"] = "Difficulty remembering or concentrating",
        ["WG-SELFCARE"] = "Difficulty with self-care",
        ["WG-COMMUNICATING"] = "Difficulty communicating",
        ["MED"] = "Serious medical condition",
        ["PLW"] = "Pregnant or lactating woman",
        ["PRO"] = "Survivor or protection risk (restricted: never in an aggregate below area level)",
    };

    /// <summary>Children and child-headed households who need an urgent referral the moment they are registered.</summary>
    public static readonly IReadOnlySet<string> UrgentReferral = new HashSet<string> { "UAC", "SEP", "CHH" };

    public static bool IsKnown(string code) => Codes.ContainsKey(code);
}
