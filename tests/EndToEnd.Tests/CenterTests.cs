using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class CenterTests(SystemFixture system)
{
    [Fact]
    public async Task A_centre_change_reaches_needs_and_a_late_older_copy_does_not_undo_it()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Ghuwayran tent site 2", floorAreaM2: 50, nightCapacity: 20);
        await Eventually.True(async () => await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centerId}") is not null,
            TimeSpan.FromSeconds(30), "the centre to reach Needs");

        using var patch = await system.Gateway.PatchAsJsonAsync($"api/centers/{centerId}", new { floorAreaM2 = 80, heated = true, status = "closed" });

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var changed = (await patch.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, changed.Int("version"));
        Assert.Equal(20, changed.Int("nightCapacity"));
        Assert.Equal("closed", changed["status"]!.GetValue<string>());
        await Eventually.True(async () =>
            (await system.Gateway.GetJsonOrNullAsync($"api/needs/centers/{centerId}"))!["floorAreaM2"]!.GetValue<decimal>() == 80m,
            TimeSpan.FromSeconds(30), "Needs to see the new floor area");
        using var listed = await system.Gateway.GetAsync("api/centers?status=open");
        Assert.DoesNotContain(centerId.ToString(), await listed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Occupancy_counts_the_people_present_by_sex_and_age_and_warns_near_capacity()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Nashwa kindergarten", floorAreaM2: 45, nightCapacity: 5);
        using (var response = await system.Gateway.PutAsJsonAsync($"api/households/{Guid.NewGuid()}", Api.Household(centerId,
                   Api.Member("female", Api.Born(31), "head"), Api.Member("male", Api.Born(9), "child"),
                   Api.Member("female", Api.Born(2), "child"), Api.Member("male", Api.Born(64), "parent"))))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var occupancy = (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy"))!;

        Assert.Equal(4, occupancy.Int("people"));
        Assert.Equal(80, occupancy.Int("night.percent"));
        Assert.Equal(11.25m, occupancy["spacePerPersonM2"]!.GetValue<decimal>());
        var brackets = occupancy["bySexAndAge"]!.AsArray().ToDictionary(b => b!["bracket"]!.GetValue<string>(), b => b!);
        Assert.Equal(1, brackets["0-4"]!.Int("female"));
        Assert.Equal(1, brackets["5-11"]!.Int("male"));
        Assert.Equal(1, brackets["60+"]!.Int("male"));
        Assert.Empty(occupancy["warnings"]!.AsArray());

        using (await system.Gateway.PutAsJsonAsync($"api/households/{Guid.NewGuid()}", Api.Household(centerId, Api.Member("male", Api.Born(40), "head")))) { }
        var full = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centerId}/occupancy");
        Assert.Equal("full", full!["night"]!["level"]!.GetValue<string>());
        Assert.Contains("Night occupancy is at capacity (5 people).", full["warnings"]!.AsArray().Select(w => w!.GetValue<string>()));
    }

    [Fact]
    public async Task A_centre_without_a_type_is_refused_with_the_field_named()
    {
        using var response = await system.Gateway.PostAsJsonAsync("api/centers", new
        {
            name = "Unnamed site", adm1Code = "SY08", adm1Name = "Al-Hasakah", adm2Code = "SY0800", adm2Name = "Al-Hasakah",
            floorAreaM2 = 100, nightCapacity = 10,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("type"));
    }

    [Fact]
    public async Task Changing_an_unknown_centre_is_not_found()
    {
        using var response = await system.Gateway.PatchAsJsonAsync($"api/centers/{Guid.NewGuid()}", new { heated = true });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
