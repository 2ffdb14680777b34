using IdpTracker.Registration.Apis;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

public class HouseholdContentTests
{
    private static readonly Guid Centre = Guid.Parse("0b4c2d3e-1f20-4a5b-8c6d-7e8f90a1b2c3");

    private static RegisterHouseholdRequest Request(params MemberRequest[] members) => new(Centre, null, members);

    [Fact]
    public void The_fingerprint_of_stored_content_never_changes()
    {
        // Pinned: changing how a household is fingerprinted would turn every resend of stored data into a conflict.
        var hash = HouseholdContent.Hash(Request(new MemberRequest(null, Sex.Female, new DateOnly(1990, 1, 2), false, Relationship.Head, "فاطمة", "Fatima", ["FHH"])));

        Assert.Equal("5969d07e", hash[..8]);
    }

    [Fact]
    public void Any_change_a_field_worker_makes_changes_the_fingerprint()
    {
        var head = new MemberRequest(null, Sex.Female, new DateOnly(1990, 1, 2), false, Relationship.Head, null, "Fatima");

        Assert.NotEqual(HouseholdContent.Hash(Request(head)), HouseholdContent.Hash(Request(head with { NameLatin = "Fatma" })));
        Assert.NotEqual(HouseholdContent.Hash(Request(head)), HouseholdContent.Hash(Request(head with { SpecificNeeds = ["PLW"] })));
        Assert.NotEqual(HouseholdContent.Hash(Request(head)), HouseholdContent.Hash(Request(head, head with { Relationship = Relationship.Child })));
        Assert.Equal(HouseholdContent.Hash(Request(head with { SpecificNeeds = ["PLW", "MED"] })), HouseholdContent.Hash(Request(head with { SpecificNeeds = ["MED", "PLW"] })));
    }
}
