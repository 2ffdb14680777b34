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
    /// CSV with one row per member and a header row (the columns of <see cref="ImportFields"/>, in any order). A household's
    /// rows share a submission_id and come one after another; its own columns are read from its first row.
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
            var submission = Field(csv, ImportFields.SubmissionId) ?? "";
            if (submission != current)
            {
                if (current is not null) yield return Build(current, household, members, defaultCenterId);
                current = submission;
                household = [Field(csv, ImportFields.CenterId), Field(csv, ImportFields.ArrivedAt), Field(csv, ImportFields.Phone), Field(csv, ImportFields.OriginAdm1),
                    Field(csv, ImportFields.OriginAdm2), Field(csv, ImportFields.OriginNeighbourhood), Field(csv, ImportFields.DisplacedOn),
                    Field(csv, ImportFields.PreviousDisplacements), Field(csv, ImportFields.Presence)];
                members = [];
            }
            members.Add(SubmissionMapping.Member(Field(csv, ImportFields.Sex), Field(csv, ImportFields.DateOfBirth), Field(csv, ImportFields.DateOfBirthEstimated),
                Field(csv, ImportFields.Relationship), Field(csv, ImportFields.NameArabic), Field(csv, ImportFields.NameLatin), Field(csv, ImportFields.SpecificNeeds)));
        }
        if (current is not null) yield return Build(current, household, members, defaultCenterId);
    }

    private static string? Field(CsvReader csv, ImportField field) =>
        field.Names.Select(name => csv.TryGetField<string>(name, out var value) ? value : null).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>A JSON array of KoboToolbox or ODK Central submissions (or an object with them under "results" or "value").</summary>
    public static async IAsyncEnumerable<ImportedHousehold> ReadSubmissionsAsync(Stream body, Guid? defaultCenterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var position = 0;
        await foreach (var submission in SubmissionsAsync(body, cancellationToken))
        {
            position++;
            yield return submission.ValueKind == JsonValueKind.Object
                ? SubmissionMapping.FromSubmission(submission, defaultCenterId)
                : new ImportedHousehold("", Guid.Empty, null, $"item {position} is not a submission (a JSON object), it is {submission.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>
    /// An array is read one submission at a time. KoboToolbox's and ODK Central's API answers wrap the array in an object
    /// (under "results" or "value"); such a file is read whole, within the import's size limit.
    /// </summary>
    private static async IAsyncEnumerable<JsonElement> SubmissionsAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await FirstSignificantByteAsync(body, cancellationToken) != (byte)'{')
        {
            await foreach (var submission in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, topLevelValues: false, cancellationToken: cancellationToken))
            {
                yield return submission;
            }
            yield break;
        }
        var envelope = await JsonSerializer.DeserializeAsync<JsonElement>(body, cancellationToken: cancellationToken);
        foreach (var name in new[] { "results", "value" })
        {
            if (envelope.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var submission in list.EnumerateArray()) yield return submission;
                yield break;
            }
        }
        throw new JsonException("The file is an object without a \"results\" or \"value\" list of submissions.");
    }

    /// <summary>Looks at the first byte that is not white space and puts the stream back where it was.</summary>
    private static async Task<int> FirstSignificantByteAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[1];
        int value;
        do
        {
            value = await body.ReadAsync(buffer, cancellationToken) == 0 ? -1 : buffer[0];
        }
        while (value is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);
        body.Position = 0;
        return value;
    }

    /// <summary>The request body, buffered (in memory, then on disk) so the reader can look at its start before reading it.</summary>
    public static Stream Peekable(HttpRequest http)
    {
        http.EnableBuffering(bufferThreshold: 1 << 20, bufferLimit: Apis.ImportsApi.MaxBytes);
        return http.Body;
    }

    private static ImportedHousehold Build(string submission, string?[] h, List<MemberRequest> members, Guid? defaultCenterId)
    {
        if (string.IsNullOrWhiteSpace(submission)) return new ImportedHousehold("", Guid.Empty, null, "submission_id: every row needs one.");
        return SubmissionMapping.Household(submission, string.IsNullOrWhiteSpace(h[0]) ? defaultCenterId?.ToString() : h[0],
            h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], members);
    }
}
