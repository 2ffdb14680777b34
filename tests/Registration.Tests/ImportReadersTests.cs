using System.Text;
using System.Text.Json;
using IdpTracker.Registration.Imports;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

public class ImportReadersTests
{
    private static readonly Guid Centre = Guid.Parse("01a21320-a7e4-7246-ba48-2e4578fddfb2");

    private static async Task<List<ImportedHousehold>> Read(string text, bool json = false)
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var households = json ? ImportReaders.ReadSubmissionsAsync(stream, Centre, default) : ImportReaders.ReadCsvAsync(stream, Centre, default);
        var list = new List<ImportedHousehold>();
        await foreach (var household in households) list.Add(household);
        return list;
    }

    [Fact]
    public async Task Csv_rows_sharing_a_submission_id_make_one_household()
    {
        var households = await Read("""
            submission_id,relationship,sex,date_of_birth,name_ar,name_latin,specific_needs
            kobo-1,head,female,1990-01-02,فاطمة,Fatima,FHH
            kobo-1,child,male,2020-05-06,,Omar,
            kobo-2,head,male,1970-07-08,,Khaled,MED wg-walking
            """);

        Assert.Equal(2, households.Count);
        Assert.Equal(2, households[0].Request!.Members.Count);
        Assert.Equal(Centre, households[0].Request!.CenterId);
        Assert.Equal("فاطمة", households[0].Request!.Members[0].NameArabic);
        Assert.Equal(["MED", "WG-WALKING"], households[1].Request!.Members[0].SpecificNeeds);
    }

    [Fact]
    public async Task A_value_that_cannot_be_read_is_left_empty_for_validation_to_name()
    {
        var households = await Read("submission_id,relationship,sex,date_of_birth\nx,head,woman,31/02/1990\n");

        var member = households.Single().Request!.Members.Single();
        Assert.Null(member.Sex);
        Assert.Null(member.DateOfBirth);
    }

    [Fact]
    public async Task Kobo_and_odk_submissions_are_read_with_their_group_prefixes_and_ids()
    {
        var households = await Read("""
            [
              { "_uuid": "5f1c2e7a-kobo", "group_household/phone": "+963 944 000 111",
                "group_household/members": [
                  { "group_household/members/sex": "female", "group_household/members/dob": "1985-03-04",
                    "group_household/members/relationship": "head", "group_household/members/name_latin": "Amina" } ] },
              { "__id": "uuid:7a7a-odk", "__system": { "submitterId": "5" },
                "members": [ { "sex": "male", "date_of_birth": "1999-09-09", "relationship": "head" } ] }
            ]
            """, json: true);

        Assert.Equal(["5f1c2e7a-kobo", "7a7a-odk"], households.Select(h => h.SubmissionId));
        Assert.Equal("+963 944 000 111", households[0].Request!.Phone);
        Assert.Equal("Amina", households[0].Request!.Members.Single().NameLatin);
        Assert.Equal(Sex.Male, households[1].Request!.Members.Single().Sex);
    }

    [Fact]
    public void The_same_submission_always_gives_the_same_household_id()
    {
        Assert.Equal(SubmissionMapping.HouseholdIdFor("kobo-1"), SubmissionMapping.HouseholdIdFor(" KOBO-1 "));
        Assert.NotEqual(SubmissionMapping.HouseholdIdFor("kobo-1"), SubmissionMapping.HouseholdIdFor("kobo-2"));
        Assert.Equal(5, SubmissionMapping.HouseholdIdFor("kobo-1").Version);
    }

    [Fact]
    public async Task A_submission_without_an_id_is_a_problem_not_a_crash()
    {
        var households = await Read("""[ { "members": [] } ]""", json: true);

        Assert.Contains("instanceID", households.Single().Problem);
    }
}
