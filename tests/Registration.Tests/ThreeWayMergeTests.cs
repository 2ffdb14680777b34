using System.Text.Json.Nodes;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

/// <summary>docs/domain.md, "Conflicts: merged field by field": two devices edit one household while one is offline.</summary>
public class ThreeWayMergeTests
{
    private const string Huda = "0193a000-0000-7000-8000-000000000001";
    private const string Yusuf = "0193a000-0000-7000-8000-000000000002";
    private const string Khadija = "0193a000-0000-7000-8000-000000000003";

    /// <summary>The version both devices started from: Huda and her son Yusuf, a phone, an origin.</summary>
    private static JsonObject Base() => Household(phone: "+963 944 000 111", neighbourhood: "Ghuwayran",
        Member(Huda, "Huda Al-Khalaf", "1991-04-02", "head", "FHH"),
        Member(Yusuf, "Yusuf Al-Khalaf", "2025-06-10", "child"));

    private static JsonObject Household(string? phone, string? neighbourhood, params JsonObject[] members)
    {
        var household = new JsonObject { ["centerId"] = "0193a000-0000-7000-8000-0000000000c1", ["arrivedAt"] = "2026-11-18T10:00:00+00:00" };
        if (phone is not null) household["phone"] = phone;
        if (neighbourhood is not null) household["origin"] = new JsonObject { ["adm1Code"] = "SY08", ["neighbourhood"] = neighbourhood };
        household["members"] = new JsonArray(members.Cast<JsonNode>().ToArray());
        return household;
    }

    private static JsonObject Member(string id, string name, string born, string relationship, params string[] needs) => new()
    {
        ["id"] = id, ["sex"] = relationship == "child" ? "male" : "female", ["dateOfBirth"] = born, ["dateOfBirthEstimated"] = false,
        ["relationship"] = relationship, ["nameLatin"] = name, ["specificNeeds"] = new JsonArray(needs.Select(n => (JsonNode)n).ToArray()),
    };

    private static JsonObject With(JsonObject household, Action<JsonObject> change)
    {
        var copy = (JsonObject)household.DeepClone();
        change(copy);
        return copy;
    }

    private static JsonObject MemberOf(JsonObject household, string id) =>
        household["members"]!.AsArray().OfType<JsonObject>().Single(m => m["id"]!.GetValue<string>() == id);

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    [Fact]
    public void A_new_phone_stored_by_one_device_survives_a_name_corrected_offline_on_another()
    {
        var newerPhone = With(Base(), h => h["phone"] = "+963 955 222 333");
        var nameCorrected = With(Base(), h => MemberOf(h, Yusuf)["nameLatin"] = "Youssef Al-Khalaf");

        var result = ThreeWayMerge.Merge(Base(), newerPhone, nameCorrected);

        Assert.Empty(result.Collisions);
        Assert.Equal("+963 955 222 333", Text(result.Merged["phone"]));
        Assert.Equal("Youssef Al-Khalaf", Text(MemberOf(result.Merged, Yusuf)["nameLatin"]));
    }

    [Fact]
    public void The_same_field_changed_differently_on_both_sides_is_the_only_thing_left_to_a_person()
    {
        var stored = With(Base(), h => { h["phone"] = "+963 955 222 333"; MemberOf(h, Huda)["nameLatin"] = "Houda Al-Khalaf"; });
        var sent = With(Base(), h => { h["phone"] = "+963 933 444 555"; h["origin"]!["neighbourhood"] = "Al-Zuhur"; });

        var result = ThreeWayMerge.Merge(Base(), stored, sent);

        var collision = Assert.Single(result.Collisions);
        Assert.Equal("/phone", collision.Field);
        Assert.Equal(("+963 944 000 111", "+963 955 222 333", "+963 933 444 555"), (Text(collision.Base), Text(collision.Current), Text(collision.Submitted)));
        // Until someone chooses, the stored value stands; everything else of both copies is merged.
        Assert.Equal("+963 955 222 333", Text(result.Merged["phone"]));
        Assert.Equal("Al-Zuhur", Text(result.Merged["origin"]!["neighbourhood"]));
        Assert.Equal("SY08", Text(result.Merged["origin"]!["adm1Code"]));
        Assert.Equal("Houda Al-Khalaf", Text(MemberOf(result.Merged, Huda)["nameLatin"]));
    }

    [Theory]
    [InlineData(MergeSide.Current, "+963 955 222 333")]
    [InlineData(MergeSide.Submitted, "+963 933 444 555")]
    public void A_persons_choice_settles_a_collision(MergeSide side, string phone)
    {
        var stored = With(Base(), h => h["phone"] = "+963 955 222 333");
        var sent = With(Base(), h => h["phone"] = "+963 933 444 555");

        var result = ThreeWayMerge.Merge(Base(), stored, sent, new Dictionary<string, MergeSide> { ["/phone"] = side });

        Assert.Equal(phone, Text(result.Merged["phone"]));
    }

    [Fact]
    public void The_same_change_made_on_both_sides_is_no_collision()
    {
        var corrected = With(Base(), h => MemberOf(h, Huda)["dateOfBirth"] = "1990-04-02");

        var result = ThreeWayMerge.Merge(Base(), corrected, With(Base(), h => MemberOf(h, Huda)["dateOfBirth"] = "1990-04-02"));

        Assert.Empty(result.Collisions);
        Assert.Equal("1990-04-02", Text(MemberOf(result.Merged, Huda)["dateOfBirth"]));
    }

    [Fact]
    public void Members_added_on_both_sides_are_all_kept_and_one_removed_on_one_side_only_is_removed()
    {
        var grandmother = Member(Khadija, "Khadija Al-Ali", "1955-01-01", "parent");
        var baby = Member("0193a000-0000-7000-8000-000000000004", "Sara Al-Khalaf", "2026-11-30", "child");
        var stored = With(Base(), h => h["members"]!.AsArray().Add(grandmother));
        var sent = With(Base(), h =>
        {
            h["members"]!.AsArray().Remove(MemberOf(h, Yusuf));
            h["members"]!.AsArray().Add(baby);
        });

        var result = ThreeWayMerge.Merge(Base(), stored, sent);

        Assert.Empty(result.Collisions);
        Assert.Equal(["Huda Al-Khalaf", "Khadija Al-Ali", "Sara Al-Khalaf"],
            result.Merged["members"]!.AsArray().Select(m => Text(m!["nameLatin"])));
    }

    [Fact]
    public void A_member_removed_on_one_side_and_corrected_on_the_other_is_a_collision_over_the_whole_member()
    {
        var stored = With(Base(), h => MemberOf(h, Yusuf)["dateOfBirth"] = "2025-06-11");
        var sent = With(Base(), h => h["members"]!.AsArray().Remove(MemberOf(h, Yusuf)));

        var result = ThreeWayMerge.Merge(Base(), stored, sent);

        var collision = Assert.Single(result.Collisions);
        Assert.Equal($"/members/{Yusuf}", collision.Field);
        Assert.Null(collision.Submitted);
        Assert.Equal(2, result.Merged["members"]!.AsArray().Count);
        var removed = ThreeWayMerge.Merge(Base(), stored, sent, new Dictionary<string, MergeSide> { [collision.Field] = MergeSide.Submitted });
        Assert.Single(removed.Merged["members"]!.AsArray());
    }

    [Fact]
    public void Specific_needs_merge_as_sets_so_a_need_added_on_one_side_and_one_removed_on_the_other_both_stand()
    {
        var stored = With(Base(), h => MemberOf(h, Huda)["specificNeeds"]!.AsArray().Add("WG-WALKING"));
        var sent = With(Base(), h =>
        {
            MemberOf(h, Huda)["specificNeeds"] = new JsonArray("PREGNANT");
        });

        var result = ThreeWayMerge.Merge(Base(), stored, sent);

        Assert.Empty(result.Collisions);
        Assert.Equal(["PREGNANT", "WG-WALKING"], MemberOf(result.Merged, Huda)["specificNeeds"]!.AsArray().Select(Text));
    }

    [Fact]
    public void A_member_sent_without_an_id_is_the_member_at_the_same_place_in_the_version_the_copy_was_made_on()
    {
        var stored = With(Base(), h => h["phone"] = "+963 955 222 333");
        var sent = With(Base(), h =>
        {
            foreach (var member in h["members"]!.AsArray().OfType<JsonObject>()) member.Remove("id");
            h["members"]![1]!["nameLatin"] = "Youssef Al-Khalaf";
        });

        var result = ThreeWayMerge.Merge(Base(), stored, sent);

        Assert.Empty(result.Collisions);
        Assert.Equal("+963 955 222 333", Text(result.Merged["phone"]));
        Assert.Equal("Youssef Al-Khalaf", Text(MemberOf(result.Merged, Yusuf)["nameLatin"]));
        Assert.Equal(2, result.Merged["members"]!.AsArray().Count);
    }

    [Fact]
    public void Without_the_version_the_copy_was_made_on_every_difference_is_a_collision_and_nothing_is_merged_by_guess()
    {
        var stored = With(Base(), h => h["phone"] = "+963 955 222 333");
        var sent = With(Base(), h => MemberOf(h, Yusuf)["nameLatin"] = "Youssef Al-Khalaf");

        var result = ThreeWayMerge.Merge(null, stored, sent);

        Assert.Equal(["/phone", $"/members/{Yusuf}/nameLatin"], result.Collisions.Select(c => c.Field));
        Assert.True(JsonNode.DeepEquals(stored, result.Merged));
    }

    [Fact]
    public void A_versions_changes_are_the_fields_that_differ_from_the_version_before()
    {
        var next = With(Base(), h => { h["phone"] = "+963 955 222 333"; h["members"]!.AsArray().Remove(MemberOf(h, Yusuf)); });

        Assert.Equal(["/phone", $"/members/{Yusuf}"], ThreeWayMerge.Differences(Base(), next));
        Assert.Empty(ThreeWayMerge.Differences(null, next));
    }
}
