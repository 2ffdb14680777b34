using System.Security.Claims;
using IdpTracker.ServiceDefaults.Security;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Imports;
using IdpTracker.Registration.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class ImportsApi
{
    /// <summary>
    /// Far above a real reception's file (100,000 households of five are about 40 MB of CSV), and low enough that one
    /// upload cannot fill the server's disk or hold a worker for hours.
    /// </summary>
    public const long MaxBytes = 100L << 20;

    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/imports").WithTags("Bulk import").RequireAuthorization(Policies.Registration);
        api.MapPost("/", Import)
            .WithSummary("Import households from a CSV file or KoboToolbox / ODK Central JSON submissions")
            .WithDescription("The body is the file itself (text/csv or application/json), read as a stream. dryRun=true reports each " +
                             "submission's problems and stores nothing. A real run is idempotent by submission id. Choose the import's id " +
                             "(id=) to watch its progress at GET /api/imports/{id} while it runs.")
            .Accepts<IFormFile>("text/csv", "application/json")
            .WithRequestTimeout(TimeSpan.FromMinutes(15))
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBytes));
        api.MapGet("/{id:guid}", GetImport).WithSummary("An import's progress and its problems, for the person who started it");
        api.MapGet("/form.xlsx", GetForm)
            .WithSummary("The XLSForm (KoboToolbox, ODK) whose submissions this import reads, in English and Arabic, listing your centres")
            .Produces(StatusCodes.Status200OK, contentType: XlsxContentType);
        return app;
    }

    public static async Task<Results<Ok<ImportRun>, ValidationProblem, Conflict<ImportRun?>>> Import(
        HttpRequest http, string? format, bool? dryRun, Guid? centerId, Guid? id, Importer importer, RegistrationDbContext db,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken cancellationToken)
    {
        ImportFormat chosen;
        if (format is null) chosen = http.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? ImportFormat.Kobo : ImportFormat.Csv;
        else if (!Enum.TryParse(format, ignoreCase: true, out chosen) || !Enum.IsDefined(chosen))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Choose csv, kobo or odk."] });
        }
        if (http.ContentType is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the file as the body, with Content-Type text/csv or application/json."] });
        }
        var caller = Caller.From(user).Subject;
        if (id is { } requested && await db.Imports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == requested, cancellationToken) is { } existing)
        {
            // Someone else's import is neither shown nor confirmed: choose another id.
            return existing.StartedBy == caller
                ? TypedResults.Conflict<ImportRun?>(existing)
                : TypedResults.Conflict<ImportRun?>(null);
        }

        var run = new ImportRun
        {
            Id = id ?? Guid.CreateVersion7(), Format = chosen, DryRun = dryRun ?? false, Status = ImportStatus.Running, StartedAt = clock.GetUtcNow(),
            StartedBy = caller,
        };
        var households = chosen == ImportFormat.Csv
            ? ImportReaders.ReadCsvAsync(http.Body, centerId, cancellationToken)
            : ImportReaders.ReadSubmissionsAsync(ImportReaders.Peekable(http), centerId, cancellationToken);
        return TypedResults.Ok(await importer.RunAsync(run, households, cancellationToken));
    }

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static async Task<FileContentHttpResult> GetForm(RegistrationDbContext db, Reach reach, TimeProvider clock, CancellationToken cancellationToken)
    {
        var reached = (await reach.CentresAsync(cancellationToken)).ToList();
        var centres = await db.Centers.AsNoTracking().Where(c => reached.Contains(c.Id)).OrderBy(c => c.Name)
            .Select(c => new XlsForm.Centre(c.Id, c.Name, c.NameArabic)).ToListAsync(cancellationToken);
        // KoboToolbox asks for a new version whenever a form is deployed again: the moment it was made.
        var version = clock.GetUtcNow().ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.File(XlsForm.For(centres, version), XlsxContentType, $"{XlsForm.FormId}.xlsx");
    }

    public static async Task<Results<Ok<ImportRun>, NotFound>> GetImport(Guid id, RegistrationDbContext db, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(user).Subject;
        var run = await db.Imports.FirstOrDefaultAsync(i => i.Id == id && i.StartedBy == caller, cancellationToken);
        if (run is null) return TypedResults.NotFound();
        if (run.HasStopped(clock.GetUtcNow()))
        {
            run.Fail($"The import stopped after {run.Households} household(s) when the service restarted.");
            run.FinishedAt = run.UpdatedAt;
            await db.SaveChangesAsync(cancellationToken);
        }
        return TypedResults.Ok(run);
    }
}
