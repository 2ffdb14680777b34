using IdpTracker.Registration.Imports;
using IdpTracker.Registration.Model;
using MiniExcelLibs;

namespace IdpTracker.Registration.Tests;

/// <summary>The importer, the form it hands out and docs/imports.md say the same thing: they come from one table.</summary>
public class ImportFieldsTests
{
    private static readonly XlsForm.Centre School = new(Guid.NewGuid(), "Al-Nashwa School 4", "مدرسة النشوة ٤");

    private static List<IDictionary<string, object?>> Sheet(byte[] form, string name)
    {
        using var stream = new MemoryStream(form);
        return stream.Query(useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>().ToList();
    }

    private static string Text(IDictionary<string, object?> row, string column) => row.TryGetValue(column, out var v) ? v?.ToString() ?? "" : "";

    private static string RepoFile(params string[] path)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IdpTracker.sln"))) directory = directory.Parent;
        return Path.Combine([directory!.FullName, .. path]);
    }

    [Fact]
    public void The_form_asks_every_field_the_importer_reads_under_the_name_it_reads_and_no_other()
    {
        var survey = Sheet(XlsForm.For([School], "1"), "survey");

        var asked = survey.Where(q => !Text(q, "type").EndsWith("_repeat", StringComparison.Ordinal)).Select(q => Text(q, "name")).ToList();
        // The submission id is the form's own (meta/instanceID), never a question.
        Assert.Equal(ImportFields.All.Where(f => f != ImportFields.SubmissionId).Select(f => f.Name), asked);
        var repeat = survey.FindIndex(q => Text(q, "type") == "begin_repeat");
        Assert.Equal(ImportFields.MembersGroup, Text(survey[repeat], "name"));
        Assert.All(survey.Skip(repeat + 1).Where(q => Text(q, "type") != "end_repeat"),
            q => Assert.Equal(FieldLevel.Member, ImportFields.All.Single(f => f.Name == Text(q, "name")).Level));
        Assert.All(ImportFields.All.Where(f => f.Required && f != ImportFields.SubmissionId),
            f => Assert.Equal("yes", Text(survey.Single(q => Text(q, "name") == f.Name), "required")));
    }

    [Fact]
    public void Every_choice_the_form_offers_is_a_value_the_importer_accepts()
    {
        var choices = Sheet(XlsForm.For([School], "1"), "choices");

        foreach (var choice in choices)
        {
            var (list, name) = (Text(choice, "list_name"), Text(choice, "name"));
            var member = list switch
            {
                "relationship" => SubmissionMapping.Member("female", "1990-01-01", null, name, null, null, null),
                "sex" => SubmissionMapping.Member(name, "1990-01-01", null, "head", null, null, null),
                "yes_no" => SubmissionMapping.Member("female", "1990-01-01", name, "head", null, null, null),
                "specific_needs" => SubmissionMapping.Member("female", "1990-01-01", null, "head", null, null, name),
                "centres" or "presence" => null,
                _ => throw new InvalidOperationException($"an unknown list: {list}"),
            };
            if (list == "centres") Assert.Equal(School.Id.ToString(), name);
            else if (list == "presence")
            {
                var read = SubmissionMapping.Household("s", School.Id.ToString(), null, null, null, null, null, null, null, name, [SubmissionMapping.Member("female", "1990-01-01", null, "head", null, null, null)]);
                Assert.NotNull(read.Request?.Presence);
            }
            else if (list == "relationship") Assert.NotNull(member!.Relationship);
            else if (list == "sex") Assert.NotNull(member!.Sex);
            else if (list == "yes_no") Assert.Equal(name == "yes", member!.DateOfBirthEstimated);
            else Assert.True(SpecificNeeds.IsKnown(Assert.Single(member!.SpecificNeeds!)), name);
        }
        Assert.Equal(Enum.GetValues<Relationship>().Length, choices.Count(c => Text(c, "list_name") == "relationship"));
        Assert.Equal(SpecificNeeds.Codes.Count, choices.Count(c => Text(c, "list_name") == "specific_needs"));
    }

    [Fact]
    public void The_imports_guide_documents_every_field_with_every_name_it_is_read_under()
    {
        var guide = File.ReadAllLines(RepoFile("docs", "imports.md"));
        var rows = guide.Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();

        Assert.Equal(ImportFields.All.Select(f => $"| `{f.Name}` |"), rows.Select(r => r[..(r.IndexOf("` |", StringComparison.Ordinal) + 3)]));
        foreach (var field in ImportFields.All)
        {
            var row = rows.Single(r => r.StartsWith($"| `{field.Name}` |", StringComparison.Ordinal));
            Assert.All(field.Aliases, alias => Assert.Contains($"`{alias}`", row, StringComparison.Ordinal));
        }
        Assert.All(SpecificNeeds.Codes.Keys, code => Assert.Contains($"`{code}`", rows.Single(r => r.StartsWith("| `specific_needs`", StringComparison.Ordinal)), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("arrived_at", "yesterday")]
    [InlineData("displaced_on", "2026-13-40")]
    [InlineData("previous_displacements", "twice")]
    [InlineData("presence", "weekends")]
    public void A_typed_field_that_cannot_be_read_refuses_the_household_naming_the_field_and_an_empty_one_is_left_out(string field, string value)
    {
        string? Given(string name) => name == field ? value : null;
        var member = SubmissionMapping.Member("female", "1990-01-01", null, "head", null, null, null);

        var refused = SubmissionMapping.Household("s-1", School.Id.ToString(), Given("arrived_at"), null, null, null, null,
            Given("displaced_on"), Given("previous_displacements"), Given("presence"), [member]);
        var empty = SubmissionMapping.Household("s-1", School.Id.ToString(), "", null, null, null, null, " ", "", "", [member]);

        Assert.Null(refused.Request);
        Assert.StartsWith($"{field}: '{value}'", refused.Problem, StringComparison.Ordinal);
        Assert.Null(empty.Problem);
        Assert.Equal((null, null, null, null), (empty.Request!.ArrivedAt, empty.Request.DisplacedOn, empty.Request.PreviousDisplacements, empty.Request.Presence));
    }
}
