using System.Text.Json.Nodes;
using static Names;

/// <summary>
/// A labelled synthetic reception: families arriving from a handful of Al-Hasakah neighbourhoods, some of them
/// registered a second time at another centre the way it happens (another field worker, another script, a member
/// missing or added, an age guessed instead of a date of birth), and brothers' families who look alike but are not
/// the same family. Every household knows whether it is a re-registration and of which.
/// </summary>
sealed class Reception(int seed)
{
    public sealed record Person(string Sex, DateOnly Born, bool Estimated, string Relationship, List<Name> Parts);

    public sealed record Household(Guid Id, List<Person> Members, string Neighbourhood, string? Phone, string Script, Guid? TwinOf, Guid? BrotherOf);

    private readonly Random _random = new(seed);
    private readonly Name[] _families = Families(new Random(seed + 1));
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    private static readonly (string Name, double Weight)[] Neighbourhoods =
        [("Ghuwayran", 35), ("Al-Zuhur", 20), ("Al-Nashwa", 15), ("Al-Aziziyah", 10), ("Tall Hajar", 10), ("Al-Mufti", 10)];

    public List<Household> Generate(int households, double reRegistered, double brothers)
    {
        var result = new List<Household>();
        while (result.Count < households)
        {
            var family = NewFamily();
            result.Add(family);
            if (_random.NextDouble() < brothers) result.Add(Brother(family));
        }
        var originals = result.Take(households).ToList();
        var twins = originals.OrderBy(_ => _random.Next()).Take((int)(households * reRegistered)).Select(ReRegister).ToList();
        return [.. originals, .. twins];
    }

    private Household NewFamily()
    {
        var members = new List<Person>();
        var kind = _random.NextDouble();
        var familyName = Pick(_families, _random);
        if (kind < 0.06)
        {
            var sex = _random.Next(2) == 0 ? "male" : "female";
            members.Add(Adult(sex, 18 + _random.Next(62), "head", familyName, Pick(Male, _random)));
        }
        else
        {
            var femaleHead = kind < 0.21;
            var headAge = 22 + _random.Next(40);
            var fatherOfChildren = femaleHead ? Pick(Male, _random) : null;
            var head = Adult(femaleHead ? "female" : "male", headAge, "head", familyName, Pick(Male, _random));
            members.Add(head);
            var motherAge = headAge;
            if (!femaleHead)
            {
                motherAge = Math.Max(18, headAge - 2 - _random.Next(9));
                members.Add(Adult("female", motherAge, "spouse", Pick(_families, _random), Pick(Male, _random)));
            }
            var children = Math.Min(_random.Next(8), (motherAge - 17) / 2);
            for (var c = 0; c < children; c++)
            {
                var sex = _random.Next(2) == 0 ? "male" : "female";
                var age = _random.Next(Math.Max(1, motherAge - 17));
                members.Add(new Person(sex, Birth(age, estimated: false), _random.NextDouble() < 0.1, "child",
                    [Pick(sex == "male" ? Male : Female, _random), fatherOfChildren ?? head.Parts[0], familyName]));
            }
            if (kind > 0.91) members.Add(Adult(_random.Next(2) == 0 ? "female" : "male", 62 + _random.Next(20), "parent",
                _random.Next(2) == 0 ? familyName : Pick(_families, _random), Pick(Male, _random)));
        }
        var script = _random.NextDouble() switch { < 0.45 => "both", < 0.8 => "arabic", _ => "latin" };
        return new Household(NewId(), members, PickNeighbourhood(), _random.NextDouble() < 0.65 ? Phone() : null, script, null, null);
    }

    /// <summary>The family of the head's brother: the same father's and family name, a head a few years apart, their own wife and children.</summary>
    private Household Brother(Household of)
    {
        var head = of.Members[0];
        if (head.Sex != "male" || head.Parts.Count < 3) return NewFamily();
        var brother = NewFamily();
        var brotherHead = brother.Members[0] with
        {
            Sex = "male", Parts = [Pick(Male, _random), head.Parts[1], head.Parts[2]],
            Born = head.Born.AddYears(_random.Next(2) == 0 ? -1 - _random.Next(8) : 1 + _random.Next(8)),
        };
        var members = brother.Members.Skip(1).Select(m => m.Relationship == "child"
            ? m with { Parts = [m.Parts[0], brotherHead.Parts[0], head.Parts[2]] }
            : m).Where(m => m.Sex != "male" || m.Relationship != "head").ToList();
        return brother with { Members = [brotherHead, .. members], Neighbourhood = of.Neighbourhood, BrotherOf = of.Id };
    }

    /// <summary>The same family registered again at another centre, with what changes when a second field worker writes it.</summary>
    private Household ReRegister(Household original)
    {
        var members = original.Members.Select(m => m).ToList();
        if (members.Count > 2 && _random.NextDouble() < 0.15) members.RemoveAt(1 + _random.Next(members.Count - 1));
        else if (_random.NextDouble() < 0.1 && original.Members.Count >= 2)
        {
            members.Add(new Person(_random.Next(2) == 0 ? "male" : "female", Today.AddDays(-_random.Next(60)), false, "child",
                [Pick(Male, _random), original.Members[0].Parts[0], original.Members[0].Parts[^1]]));
        }
        members = members.Select(m =>
        {
            var changed = m;
            if (m.Relationship is "head" or "spouse" or "parent" && !m.Estimated && _random.NextDouble() < 0.25)
            {
                changed = changed with { Born = new DateOnly(m.Born.Year + _random.Next(-1, 2), 1, 1), Estimated = true };
            }
            if (changed.Parts.Count == 3 && _random.NextDouble() < 0.1) changed = changed with { Parts = [changed.Parts[0], changed.Parts[2]] };
            return changed;
        }).ToList();
        var script = _random.NextDouble() < 0.3
            ? original.Script switch { "latin" => "arabic", "arabic" => "latin", _ => _random.Next(2) == 0 ? "arabic" : "latin" }
            : original.Script;
        var phone = _random.NextDouble() switch { < 0.5 => original.Phone, < 0.6 => Phone(), _ => null };
        return new Household(NewId(), members, _random.NextDouble() < 0.85 ? original.Neighbourhood : "", phone, script, original.Id, null);
    }

    /// <summary>The household as a phone sends it: names written in the household's script(s), each spelling chosen anew.</summary>
    public JsonObject Payload(Household household, Guid centreId, bool secondWriting) => new()
    {
        ["centerId"] = centreId,
        ["arrivedAt"] = DateTimeOffset.UtcNow.AddMinutes(-_random.Next(60 * 24 * 3)).ToString("O"),
        ["phone"] = household.Phone,
        ["origin"] = new JsonObject
        {
            ["adm1Code"] = "SY08", ["adm2Code"] = "SY0800",
            ["neighbourhood"] = string.IsNullOrEmpty(household.Neighbourhood) ? null : household.Neighbourhood,
        },
        ["members"] = new JsonArray(household.Members.Select(m => (JsonNode)new JsonObject
        {
            ["sex"] = m.Sex,
            ["dateOfBirth"] = m.Born.ToString("yyyy-MM-dd"),
            ["dateOfBirthEstimated"] = m.Estimated,
            ["relationship"] = m.Relationship,
            ["nameArabic"] = household.Script is "arabic" or "both"
                ? string.Join(' ', m.Parts.Select(p => secondWriting ? ArabicVariant(p.Arabic, _random) : p.Arabic))
                : null,
            ["nameLatin"] = household.Script is "latin" or "both"
                ? string.Join(' ', m.Parts.Select(p => p.Latin[secondWriting ? _random.Next(p.Latin.Length) : 0]))
                : null,
        }).ToArray()),
    };

    private Person Adult(string sex, int age, string relationship, Name family, Name father)
    {
        var estimated = _random.NextDouble() < 0.45;
        var parts = new List<Name> { Pick(sex == "male" ? Male : Female, _random), father, family };
        if (_random.NextDouble() < 0.2) parts.RemoveAt(1); // given and family name only
        return new Person(sex, Birth(age, estimated), estimated, relationship, parts);
    }

    private DateOnly Birth(int age, bool estimated) => estimated
        ? new DateOnly(Today.Year - age, 1, 1)
        : Today.AddYears(-age).AddDays(-_random.Next(365));

    private string PickNeighbourhood()
    {
        var x = _random.NextDouble() * Neighbourhoods.Sum(n => n.Weight);
        foreach (var (name, weight) in Neighbourhoods) if ((x -= weight) <= 0) return name;
        return Neighbourhoods[0].Name;
    }

    /// <summary>Ids from the seed too, so the same seed gives the same labelled reception again (--score-only).</summary>
    private Guid NewId()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private string Phone() => $"09{_random.Next(30, 100)}{_random.Next(0, 1_000_000):000000}";
}
