using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>docs/domain.md, "Searching by name": the family a coordinator looks for comes first, and a search can be narrowed.</summary>
[Collection(nameof(SystemCollection))]
public sealed class HouseholdSearchTests(SystemFixture system)
{
    /// <summary>A family name no other test uses (search goes by letters, so the name is unique by its letters).</summary>
    private static string Unique(string stem) =>
        stem + new string(Enumerable.Range(0, 6).Select(_ => "bdfklmnrstz"[Random.Shared.Next(11)]).ToArray());

    private static object Person(string name, string sex, int born, string relationship) =>
        new { sex, dateOfBirth = new DateOnly(born, 3, 1), dateOfBirthEstimated = false, relationship, nameLatin = name };

    private async Task<Guid> RegisterAsync(Guid centre, params object[] members)
    {
        var id = Guid.NewGuid();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new { centerId = centre, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5), members });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<List<Guid>> SearchAsync(string query)
    {
        var page = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households?{query}");
        return page!["items"]!.AsArray().Select(h => h!["id"]!.GetValue<Guid>()).ToList();
    }

    [Fact]
    public async Task The_family_whose_one_member_carries_the_whole_name_comes_before_families_that_carry_its_parts_apart()
    {
        var centre = await system.Gateway.CreateCenterAsync("Search school " + Guid.NewGuid().ToString("N")[..6]);
        var family = Unique("Sfouk");
        // Five families hold a Khadija and, in someone else, the family name searched: by parts they match as well.
        for (var i = 0; i < 5; i++)
        {
            await RegisterAsync(centre, Person($"Mahmoud {family}", "male", 1980, "head"), Person("Khadija Al-Ali", "female", 1984, "spouse"));
        }
        var target = await RegisterAsync(centre, Person($"Khadija {family}", "female", 1955, "head"));

        var found = await SearchAsync($"centerId={centre}&q={Uri.EscapeDataString($"Khadija {family}")}");

        Assert.Equal(6, found.Count);
        Assert.Equal(target, found[0]);
    }

    [Fact]
    public async Task Pages_list_the_families_carrying_the_whole_name_by_id_then_the_rest_by_rank()
    {
        var centre = await system.Gateway.CreateCenterAsync("Search camp " + Guid.NewGuid().ToString("N")[..6]);
        var family = Unique("Hasso");
        var whole = new List<Guid>();
        for (var i = 0; i < 3; i++) whole.Add(await RegisterAsync(centre, Person($"Khadija {family}", "female", 1970 + i, "head")));
        var apart = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            apart.Add(await RegisterAsync(centre, Person($"Omar {family}", "male", 1960 + i, "head"), Person("Khadija Al-Ali", "female", 1965, "spouse")));
        }
        // The register's order of ids (PostgreSQL compares a uuid's bytes as its text reads).
        static List<Guid> InIdOrder(IEnumerable<Guid> ids) => ids.OrderBy(id => id.ToString(), StringComparer.Ordinal).ToList();
        var name = Uri.EscapeDataString($"Khadija {family}");

        var pages = new List<Guid>();
        for (var page = 1; page <= 3; page++) pages.AddRange(await SearchAsync($"centerId={centre}&q={name}&pageSize=2&page={page}"));

        Assert.Equal(InIdOrder(whole).Concat(InIdOrder(apart)), pages);
        // Searched by the family name alone, every household carries it as spelled: one rank, paged by id.
        var byFamily = new List<Guid>();
        for (var page = 1; page <= 3; page++) byFamily.AddRange(await SearchAsync($"centerId={centre}&q={family}&pageSize=2&page={page}"));
        Assert.Equal(InIdOrder(whole.Concat(apart)), byFamily);
    }

    [Fact]
    public async Task A_search_narrowed_by_sex_and_year_of_birth_finds_only_the_member_of_that_sex_and_age()
    {
        var centre = await system.Gateway.CreateCenterAsync("Search hall " + Guid.NewGuid().ToString("N")[..6]);
        var family = Unique("Ahmad");
        var mother = await RegisterAsync(centre, Person($"Fatima {family}", "female", 1955, "head"));
        var daughter = await RegisterAsync(centre, Person($"Fatima {family}", "female", 1990, "head"));
        var uncle = await RegisterAsync(centre, Person($"Fatim {family}", "male", 1956, "head"));
        var name = Uri.EscapeDataString($"Fatima {family}");

        Assert.Equal(3, (await SearchAsync($"centerId={centre}&q={name}")).Count);
        Assert.Equal([mother], await SearchAsync($"centerId={centre}&q={name}&sex=female&birthYear=1955"));
        // An age estimated may give the year either side: 1956 still finds the one born in 1955.
        Assert.Equal([mother], await SearchAsync($"centerId={centre}&q={name}&sex=female&birthYear=1956"));
        Assert.Equal([daughter], await SearchAsync($"centerId={centre}&q={name}&birthYear=1990"));
        Assert.Equal([uncle], await SearchAsync($"centerId={centre}&q={name}&sex=male"));

        // Without a name: the households with someone of that age (and sex).
        Assert.Equal(new[] { mother, uncle }.Order(), (await SearchAsync($"centerId={centre}&birthYear=1955")).Order());
        Assert.Equal([mother], await SearchAsync($"centerId={centre}&birthYear=1955&sex=female"));
        using var future = await system.Gateway.GetAsync($"api/households?centerId={centre}&q={name}&birthYear=2999");
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
    }
}
