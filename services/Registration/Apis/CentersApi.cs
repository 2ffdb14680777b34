using FluentValidation;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using IdpTracker.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class CentersApi
{
    public static IEndpointRouteBuilder MapCentersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/centers").WithTags("Reception centres").RequireAuthorization(Policies.Staff);
        api.MapPost("/", CreateCenter).WithSummary("Register a reception centre (administrators, or coordinators in their areas)")
            .RequireAuthorization(Policies.Centres);
        api.MapGet("/", ListCenters).WithSummary("List the reception centres the caller works with (all of them for administrators)");
        api.MapGet("/{id:guid}", GetCenter).WithSummary("Get one reception centre");
        api.MapPatch("/{id:guid}", UpdateCenter)
            .WithSummary("Change a centre's facts (only the fields sent), or open and close it")
            .RequireAuthorization(Policies.Centres);
        api.MapGet("/{id:guid}/occupancy", GetOccupancy)
            .WithSummary("People present now by sex and age bracket, against night and day capacity, with warnings at 90% and 100%");
        return app;
    }

    public static async Task<Results<Created<CenterResponse>, ValidationProblem, ProblemHttpResult>> CreateCenter(
        CreateCenterRequest request, IValidator<CreateCenterRequest> validator, RegistrationDbContext db, Reach reach,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToProblemErrors());
        if (!reach.SeesAllCentres && !reach.Caller.Reaches(Guid.Empty, request.Adm1Code.Trim(), request.Adm2Code.Trim(), request.Adm3Code?.Trim()))
        {
            return OutsideYourAreas();
        }

        var now = clock.GetUtcNow();
        var center = new Center
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            NameArabic = request.NameArabic?.Trim(),
            Type = request.Type!.Value,
            Adm1Code = request.Adm1Code.Trim(),
            Adm1Name = request.Adm1Name.Trim(),
            Adm2Code = request.Adm2Code.Trim(),
            Adm2Name = request.Adm2Name.Trim(),
            Adm3Code = request.Adm3Code?.Trim(),
            Adm3Name = request.Adm3Name?.Trim(),
            Location = request.Location?.Trim(),
            FloorAreaM2 = request.FloorAreaM2,
            CeilingHeightM = request.CeilingHeightM,
            NightCapacity = request.NightCapacity,
            DayCapacity = request.DayCapacity,
            Heated = request.Heated,
            ToiletsFemale = request.ToiletsFemale,
            ToiletsMale = request.ToiletsMale,
            Status = CenterStatus.Open,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Centers.Add(center);
        db.AddOutboxMessage(new CenterOpened(center.Id, center.Name, center.Adm1Code, center.Adm1Name,
            center.Adm2Code, center.Adm2Name, center.FloorAreaM2, center.NightCapacity, center.CreatedAt)
        {
            NameArabic = center.NameArabic,
            Type = PlaceEvents.Code(center.Type),
            Adm3Code = center.Adm3Code,
            Adm3Name = center.Adm3Name,
            DayCapacity = center.DayCapacity,
            Heated = center.Heated,
            ToiletsFemale = center.ToiletsFemale,
            ToiletsMale = center.ToiletsMale,
            Version = center.Version,
        }, clock);
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.Created($"/api/centers/{center.Id}", CenterResponse.From(center));
    }

    public static async Task<Ok<List<CenterResponse>>> ListCenters(CenterStatus? status, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        var query = db.Centers.AsNoTracking();
        if (!reach.SeesAllCentres)
        {
            var reached = (await reach.CentresAsync(cancellationToken)).ToList();
            query = query.Where(c => reached.Contains(c.Id));
        }
        if (status is { } wanted) query = query.Where(c => c.Status == wanted);
        var centers = await query.OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(centers.Select(CenterResponse.From).ToList());
    }

    public static async Task<Results<Ok<CenterResponse>, NotFound>> GetCenter(Guid id, RegistrationDbContext db, Reach reach, CancellationToken cancellationToken)
    {
        var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return center is null || !Reaches(reach, center) ? TypedResults.NotFound() : TypedResults.Ok(CenterResponse.From(center));
    }

    public static async Task<Results<Ok<CenterResponse>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateCenter(
        Guid id, UpdateCenterRequest request, IValidator<UpdateCenterRequest> validator, RegistrationDbContext db, Reach reach,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToProblemErrors());

        // Two coordinators changing one centre at once: the second waits for the first and changes what it saved (only the
        // fields sent change), so neither change is lost.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var center = await db.Centers.FromSql($"SELECT * FROM centers WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(cancellationToken);
        if (center is null || !Reaches(reach, center)) return TypedResults.NotFound();
        Apply(center, request);
        // Checked when a code changes: a centre recorded before codes had to nest can still be closed or given a heater.
        var codesSent = request.Adm1Code is not null || request.Adm2Code is not null || request.Adm3Code is not null;
        if (codesSent && (!CenterFieldRules.Nested(center.Adm1Code, center.Adm2Code) || !CenterFieldRules.Nested(center.Adm2Code, center.Adm3Code)))
        {
            var field = CenterFieldRules.Nested(center.Adm1Code, center.Adm2Code) ? "adm3Code" : "adm2Code";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [CenterFieldRules.NotNested] });
        }
        if (!Reaches(reach, center)) return OutsideYourAreas(); // moved out of the coordinator's areas
        if (db.Entry(center).State == EntityState.Modified)
        {
            center.Version++;
            center.UpdatedAt = clock.GetUtcNow();
            db.AddOutboxMessage(CenterEvents.Updated(center), clock);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(CenterResponse.From(center));
    }

    private static void Apply(Center center, UpdateCenterRequest request)
    {
        center.Name = request.Name?.Trim() ?? center.Name;
        center.NameArabic = request.NameArabic?.Trim() ?? center.NameArabic;
        center.Type = request.Type ?? center.Type;
        center.Adm1Code = request.Adm1Code?.Trim() ?? center.Adm1Code;
        center.Adm1Name = request.Adm1Name?.Trim() ?? center.Adm1Name;
        center.Adm2Code = request.Adm2Code?.Trim() ?? center.Adm2Code;
        center.Adm2Name = request.Adm2Name?.Trim() ?? center.Adm2Name;
        center.Adm3Code = request.Adm3Code?.Trim() ?? center.Adm3Code;
        center.Adm3Name = request.Adm3Name?.Trim() ?? center.Adm3Name;
        center.Location = request.Location?.Trim() ?? center.Location;
        center.FloorAreaM2 = request.FloorAreaM2 ?? center.FloorAreaM2;
        center.CeilingHeightM = request.CeilingHeightM ?? center.CeilingHeightM;
        center.NightCapacity = request.NightCapacity ?? center.NightCapacity;
        center.DayCapacity = request.DayCapacity ?? center.DayCapacity;
        center.Heated = request.Heated ?? center.Heated;
        center.ToiletsFemale = request.ToiletsFemale ?? center.ToiletsFemale;
        center.ToiletsMale = request.ToiletsMale ?? center.ToiletsMale;
        center.Status = request.Status ?? center.Status;
    }

    public static async Task<Results<Ok<Occupancy>, NotFound>> GetOccupancy(
        Guid id, RegistrationDbContext db, Reach reach, TimeProvider clock, CancellationToken cancellationToken)
    {
        var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (center is null || !Reaches(reach, center)) return TypedResults.NotFound();

        // From the totals the database keeps with every write, and the changes not yet folded into them
        // (OccupancyTotalsJob): rows per birth date, not per person. The brackets are the rule's, counted here on today's date.
        var rows = await db.Database.SqlQuery<OccupancyRow>($"""
            SELECT presence, sex, date_of_birth, sum(households)::int AS households, sum(people)::int AS people
            FROM (SELECT presence, sex, date_of_birth, households, people FROM occupancy_totals WHERE center_id = {id}
                  UNION ALL
                  SELECT presence, sex, date_of_birth, households, people FROM occupancy_changes WHERE center_id = {id}) x
            GROUP BY 1, 2, 3
            HAVING sum(households) <> 0 OR sum(people) <> 0
            """).ToListAsync(cancellationToken);
        var households = rows.Where(r => r.Sex is null).Sum(r => r.Households);
        var people = rows.Where(r => r.Sex is not null && r.People > 0)
            .Select(r => new PresentPerson(Enum.Parse<Sex>(r.Sex!), r.DateOfBirth!.Value, Enum.Parse<Presence>(r.Presence), r.People))
            .ToList();
        return TypedResults.Ok(OccupancyRules.Compute(center, households, people, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }

    /// <summary>A row of a centre's occupancy totals: households (no sex or date of birth) or people sharing these facts.</summary>
    private sealed record OccupancyRow(string Presence, string? Sex, DateOnly? DateOfBirth, int Households, int People);

    private static bool Reaches(Reach reach, Center c) => reach.SeesAllCentres || reach.Caller.Reaches(c.Id, c.Adm1Code, c.Adm2Code, c.Adm3Code);

    private static ProblemHttpResult OutsideYourAreas() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "This centre is outside your areas.", extensions: new Dictionary<string, object?>
        {
            ["errors"] = new Dictionary<string, string[]> { ["adm2Code"] = ["Coordinators register centres in their own areas; ask an administrator."] },
        });
}

internal static class CenterEvents
{
    public static CenterUpdated Updated(Center c) => new(
        c.Id, c.Version, c.Name, c.NameArabic, PlaceEvents.Code(c.Type), c.Adm1Code, c.Adm1Name, c.Adm2Code, c.Adm2Name,
        c.Adm3Code, c.Adm3Name, c.FloorAreaM2, c.NightCapacity, c.DayCapacity, c.Heated, c.Status == CenterStatus.Open, c.UpdatedAt)
    {
        ToiletsFemale = c.ToiletsFemale,
        ToiletsMale = c.ToiletsMale,
    };
}
