namespace IdpTracker.Needs.Model;

public enum CenterStatus { Ok, Warning, Critical }

public sealed record CenterSpace(
    int People,
    decimal? SpacePerPersonM2,
    decimal RequiredM2PerPerson,
    bool MeetsSpaceStandard,
    int? NightOccupancyPercent,
    CenterStatus Status,
    string RuleSetVersion,
    IReadOnlyList<string> Reasons);

/// <summary>Covered space and night occupancy of a collective centre against the rule set.</summary>
public static class ShelterRules
{
    public static CenterSpace Evaluate(decimal floorAreaM2, int nightCapacity, int people, RuleSet rules, DateOnly asOf)
    {
        var cold = rules.ColdClimate && rules.InSeason(asOf);
        var required = cold ? rules.ColdClimateMinSpacePerPersonM2 : rules.MinSpacePerPersonM2;
        decimal? perPerson = people == 0 ? null : Math.Round(floorAreaM2 / people, 2);
        var meets = perPerson is null || perPerson >= required;
        int? occupancy = nightCapacity > 0 ? (int)Math.Round(100m * people / nightCapacity) : null;

        var reasons = new List<string>();
        var status = CenterStatus.Ok;
        if (!meets)
        {
            var belowBase = perPerson < rules.MinSpacePerPersonM2;
            status = belowBase ? CenterStatus.Critical : CenterStatus.Warning;
            reasons.Add($"{perPerson} m² per person, below the {required} m² {(cold ? "cold-climate " : "")}minimum ({rules.Version})");
        }
        if (occupancy >= 100)
        {
            status = CenterStatus.Critical;
            reasons.Add($"Night occupancy {occupancy}% of capacity");
        }
        else if (occupancy >= rules.CapacityWarningPercent)
        {
            status = status == CenterStatus.Critical ? status : CenterStatus.Warning;
            reasons.Add($"Night occupancy {occupancy}%, at or over the {rules.CapacityWarningPercent}% warning level");
        }

        return new CenterSpace(people, perPerson, required, meets, occupancy, status, rules.Version, reasons);
    }
}
