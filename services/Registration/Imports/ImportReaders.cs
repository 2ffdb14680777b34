using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using IdpTracker.Registration.Apis;

namespace IdpTracker.Registration.Imports;

/// <summary>Streams households out of an upload: only the household being read is held in memory.</summary>
public static class ImportReaders
{
    /// <summary>
    /// CSV with one row per member and a header row. A household's rows share a submission_id and
    /// come one after another. Columns: submission_id, center_id, arrived_at, phone, origin_adm1,
    /// origin_adm2, origin_neighbourhood, displaced_on, relationship, sex, date_of_birth, dob_estimated,
    /// name_ar, name_latin, specific_needs.
    /// </summary>
    public static async IAsyncEnumerable<ImportedHousehold> ReadCsvAsync(Stream body, Guid? defaultCenterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
        });
        if (!await csv.ReadAsync() || !csv.ReadHeader()) yield break;

        string? current = null;
        string?[] household = [];
        var members = new List<MemberRequest>();
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var submission = csv.GetField("submission_id") ?? "";
            if (submission != current)
            {
                if (current is not null) yield return Build(current, household, members, defaultCenterId);
                current = submission;
                household = [csv.GetField("center_id"), csv.GetField("arrived_at"), csv.GetField("phone"), csv.GetField("origin_adm1"),
                    csv.GetField("origin_adm2"), csv.GetField("origin_neighbourhood"), csv.GetField("displaced_on")];
                members = [];
            }
            members.Add(SubmissionMapping.Member(csv.GetField("sex"), csv.GetField("date_of_birth"), csv.GetField("dob_estimated"),
                csv.GetField("relationship"), csv.GetField("name_ar"), csv.GetField("name_latin"), csv.GetField("specific_needs")));
        }
        if (current is not null) yield return Build(current, household, members, defaultCenterId);
    }

    /// <summary>A JSON array of KoboToolbox or ODK Central submissions (or an object with them under "results" or "value").</summary>
    public static async IAsyncEnumerable<ImportedHousehold> ReadSubmissionsAsync(Stream body, Guid? defaultCenterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var submission in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, topLevelValues: false, cancellationToken: cancellationToken))
        {
            yield return SubmissionMapping.FromSubmission(submission, defaultCenterId);
        }
    }

    private static ImportedHousehold Build(string submission, string?[] h, List<MemberRequest> members, Guid? defaultCenterId)
    {
        if (string.IsNullOrWhiteSpace(submission)) return new ImportedHousehold("", Guid.Empty, null, "submission_id: every row needs one.");
        return SubmissionMapping.Household(submission, string.IsNullOrWhiteSpace(h[0]) ? defaultCenterId?.ToString() : h[0],
            h[1], h[2], h[3], h[4], h[5], h[6], members);
    }
}
