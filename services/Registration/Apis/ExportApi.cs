using System.Globalization;
using CsvHelper;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using IdpTracker.ServiceDefaults.Csv;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class ExportApi
{
    public const int MinReasonLength = 10;
    private const int Batch = 200;

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/households/export").WithTags("Households").RequireAuthorization(Policies.Coordination)
            .MapGet("/", Export)
            .WithSummary("Personal data of the households in your areas as CSV, one row per member (coordinators, with a reason)")
            .WithDescription("reason says why the list is needed (e.g. \"distribution list for blankets, Al-Nashwa, 3 December\"); it is kept " +
                             "on the audit record with every household exported. centerId narrows to one centre. Households at a centre now or " +
                             "departed; merged registrations are left out.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    /// <summary>A list of people leaves the system only with a reason, kept on the audit record.</summary>
    public static Dictionary<string, string[]>? ReasonErrors(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < MinReasonLength
            ? new() { ["reason"] = [$"Say why this list of people is needed, in at least {MinReasonLength} characters; it is kept on the audit record."] }
            : reason.Length > 500 ? new() { ["reason"] = ["Keep the reason under 500 characters."] } : null;

    public static async Task<Results<EmptyHttpResult, ValidationProblem>> Export(
        string? reason, Guid? centerId, HttpContext http, RegistrationDbContext db, Reach reach, AuditTrail audit,
        PersonalDataProtector protector, CancellationToken cancellationToken)
    {
        if (ReasonErrors(reason) is { } errors) return TypedResults.ValidationProblem(errors);

        var households = (await reach.HouseholdsAsync(db.Households.AsNoTracking(), cancellationToken)).Where(h => h.MergedIntoId == null);
        if (centerId is { } centre) households = households.Where(h => h.CenterId == centre || h.CurrentCenterId == centre);

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"households.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = SpreadsheetSafeCsv.Writer(writer);
        csv.WriteHeader<ExportRow>();
        await csv.NextRecordAsync();

        Guid? after = null;
        while (true)
        {
            var page = households;
            if (after is { } last) page = page.Where(h => h.Id.CompareTo(last) > 0);
            var batch = await page.OrderBy(h => h.Id).Take(Batch).Include(h => h.Members).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            // On record before any of it leaves.
            await audit.RecordReadAsync(AuditAction.Export, batch.Select(h => h.Id), cancellationToken, reason!.Trim());
            db.ChangeTracker.Clear();
            foreach (var household in batch.Select(h => HouseholdResponse.From(h, protector)))
            {
                foreach (var member in household.Members)
                {
                    csv.WriteRecord(ExportRow.From(household, member));
                    await csv.NextRecordAsync();
                }
            }
            await csv.FlushAsync();
            after = batch[^1].Id;
        }
        return TypedResults.Empty;
    }
}

public sealed record ExportRow(
    Guid HouseholdId, Guid CenterId, string Status, string? Phone, string? OriginAdm2Code, string? OriginNeighbourhood,
    Guid MemberId, string Relationship, string Sex, DateOnly DateOfBirth, bool DateOfBirthEstimated, string? NameArabic, string? NameLatin, string SpecificNeeds)
{
    public static ExportRow From(HouseholdResponse h, MemberResponse m) => new(
        h.Id, h.Place.CurrentCenterId ?? h.CenterId, h.Place.Status.ToString().ToLowerInvariant(), h.Phone, h.Origin?.Adm2Code, h.Origin?.Neighbourhood,
        m.Id, m.Relationship.ToString().ToLowerInvariant(), m.Sex.ToString().ToLowerInvariant(), m.DateOfBirth, m.DateOfBirthEstimated,
        m.NameArabic, m.NameLatin, string.Join(' ', m.SpecificNeeds));
}
