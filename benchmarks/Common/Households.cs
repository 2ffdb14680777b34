using System.Text.Json.Nodes;

/// <summary>
/// Made-up households in the shape a phone sends them: family names built letter by letter so that, as in a real
/// register, few families look alike (the duplicate finder has real work but not a pair for every two families).
/// </summary>
static class Households
{
    private static readonly string[] Given = ["Mohammed", "Ahmad", "Ali", "Omar", "Khaled", "Hassan", "Mahmoud", "Yusuf", "Ibrahim", "Mustafa", "Fatima", "Aisha", "Maryam", "Huda", "Zainab", "Nour", "Rojin", "Berivan", "Jiwan", "Azad"];
    private static readonly string[] GivenArabic = ["محمد", "أحمد", "علي", "عمر", "خالد", "حسن", "محمود", "يوسف", "إبراهيم", "مصطفى", "فاطمة", "عائشة", "مريم", "هدى", "زينب", "نور", "روجين", "بيريفان", "جوان", "آزاد"];

    /// <param name="size">Members; null draws 1 to 7.</param>
    public static JsonObject New(Random random, IReadOnlyList<Guid> centres, int? size = null)
    {
        const string consonants = "bdfghjklmnrstwz";
        const string vowels = "aeiou";
        var family = new string(Enumerable.Range(0, 7).Select(i => i % 2 == 0 ? consonants[random.Next(consonants.Length)] : vowels[random.Next(vowels.Length)]).ToArray());
        family = char.ToUpperInvariant(family[0]) + family[1..];
        var members = new JsonArray();
        for (var m = 0; m < (size ?? 1 + random.Next(7)); m++)
        {
            var g = random.Next(Given.Length);
            var age = m == 0 ? 20 + random.Next(50) : m == 1 ? 18 + random.Next(45) : random.Next(18);
            var needs = new JsonArray();
            if (age >= 60 || random.Next(30) == 0) needs.Add("ELD");
            if (random.Next(40) == 0) needs.Add("WG-WALKING");
            members.Add(new JsonObject
            {
                ["sex"] = g < 10 ? "male" : "female",
                ["dateOfBirth"] = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-age).AddDays(-random.Next(365)).ToString("yyyy-MM-dd"),
                ["dateOfBirthEstimated"] = random.Next(3) == 0,
                ["relationship"] = m == 0 ? "head" : m == 1 ? "spouse" : "child",
                ["nameLatin"] = $"{Given[g]} {family}",
                ["nameArabic"] = GivenArabic[g],
                ["specificNeeds"] = needs,
            });
        }
        return new JsonObject
        {
            ["centerId"] = centres[random.Next(centres.Count)],
            ["arrivedAt"] = DateTimeOffset.UtcNow.AddMinutes(-random.Next(60 * 24 * 10)).ToString("O"),
            ["members"] = members,
        };
    }
}
