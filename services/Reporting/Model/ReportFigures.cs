using IdpTracker.Domain;

namespace IdpTracker.Reporting.Model;

/// <summary>Exact counts a report is built from. Never leaves the service unsuppressed.</summary>
public sealed class ReportFigures
{
    public DateOnly AsOf { get; set; }
    public int Households { get; set; }
    public int People { get; set; }
    public int Female { get; set; }
    public int Male { get; set; }
    public int UnknownSex { get; set; }
    public List<BracketFigure> ByAgeBracket { get; set; } = [];
    public List<CenterFigure> Centers { get; set; } = [];

    public static ReportFigures From(IReadOnlyCollection<ProjectedHousehold> households, IReadOnlyCollection<ProjectedCenter> centers, DateOnly asOf)
    {
        var people = households.SelectMany(h => h.People).ToList();
        return new ReportFigures
        {
            AsOf = asOf,
            Households = households.Count,
            People = people.Count,
            Female = people.Count(p => p.Sex == "female"),
            Male = people.Count(p => p.Sex == "male"),
            UnknownSex = people.Count(p => p.Sex is not ("female" or "male")),
            ByAgeBracket = AgeBrackets.All.Select(bracket =>
            {
                var inBracket = people.Where(p => AgeBrackets.Of(p.DateOfBirth, asOf) == bracket).ToList();
                return new BracketFigure(bracket, inBracket.Count(p => p.Sex == "female"), inBracket.Count(p => p.Sex == "male"),
                    inBracket.Count(p => p.Sex is not ("female" or "male")));
            }).ToList(),
            Centers = centers.OrderBy(c => c.Adm2Name).ThenBy(c => c.Name).Select(c =>
            {
                var atCenter = households.Where(h => h.CenterId == c.Id).ToList();
                return new CenterFigure(c.Name, c.Adm1Name, c.Adm2Name, atCenter.Count, atCenter.Sum(h => h.People.Count), c.NightCapacity)
                {
                    Adm2Code = c.Adm2Code,
                    NameArabic = c.NameArabic,
                };
            }).ToList(),
        };
    }
}

public sealed record BracketFigure(string Bracket, int Female, int Male, int Unknown)
{
    public int Total => Female + Male + Unknown;
}

public sealed record CenterFigure(string Name, string Adm1Name, string Adm2Name, int Households, int People, int NightCapacity)
{
    /// <summary>The district's P-code, for partners' own tools (reports built before it was kept have none).</summary>
    public string? Adm2Code { get; init; }
    /// <summary>The centre's name in Arabic, for the Arabic edition.</summary>
    public string? NameArabic { get; init; }
}
