using FluentValidation;
using IdpTracker.Contracts.Registration;
using IdpTracker.Messaging;
using IdpTracker.Registration.Data;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace IdpTracker.Registration.Apis;

public static class CentersApi
{
    public static IEndpointRouteBuilder MapCentersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/centers").WithTags("Reception centres");
        api.MapPost("/", CreateCenter).WithSummary("Register a reception centre");
        api.MapGet("/", ListCenters).WithSummary("List reception centres");
        api.MapGet("/{id:guid}", GetCenter).WithSummary("Get one reception centre");
        return app;
    }

    public static async Task<Results<Created<CenterResponse>, ValidationProblem>> CreateCenter(
        CreateCenterRequest request, IValidator<CreateCenterRequest> validator, RegistrationDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.ToProblemErrors());

        var center = new Center
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            Adm1Code = request.Adm1Code.Trim(),
            Adm1Name = request.Adm1Name.Trim(),
            Adm2Code = request.Adm2Code.Trim(),
            Adm2Name = request.Adm2Name.Trim(),
            Location = request.Location?.Trim(),
            FloorAreaM2 = request.FloorAreaM2,
            NightCapacity = request.NightCapacity,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Centers.Add(center);
        db.AddOutboxMessage(new CenterOpened(center.Id, center.Name, center.Adm1Code, center.Adm1Name,
            center.Adm2Code, center.Adm2Name, center.FloorAreaM2, center.NightCapacity, center.CreatedAt), clock);
        await db.SaveChangesAsync(cancellationToken);

        return TypedResults.Created($"/api/centers/{center.Id}", CenterResponse.From(center));
    }

    public static async Task<Ok<List<CenterResponse>>> ListCenters(RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var centers = await db.Centers.AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(centers.Select(CenterResponse.From).ToList());
    }

    public static async Task<Results<Ok<CenterResponse>, NotFound>> GetCenter(Guid id, RegistrationDbContext db, CancellationToken cancellationToken)
    {
        var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return center is null ? TypedResults.NotFound() : TypedResults.Ok(CenterResponse.From(center));
    }
}

public sealed record CreateCenterRequest(
    string Name, string Adm1Code, string Adm1Name, string Adm2Code, string Adm2Name,
    string? Location, decimal FloorAreaM2, int NightCapacity);

public sealed record CenterResponse(
    Guid Id, string Name, string Adm1Code, string Adm1Name, string Adm2Code, string Adm2Name,
    string? Location, decimal FloorAreaM2, int NightCapacity, DateTimeOffset CreatedAt)
{
    public static CenterResponse From(Center c) =>
        new(c.Id, c.Name, c.Adm1Code, c.Adm1Name, c.Adm2Code, c.Adm2Name, c.Location, c.FloorAreaM2, c.NightCapacity, c.CreatedAt);
}

internal sealed class CreateCenterRequestValidator : AbstractValidator<CreateCenterRequest>
{
    public CreateCenterRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Give the centre a name.").MaximumLength(200);
        RuleFor(r => r.Adm1Code).NotEmpty().WithMessage("Give the governorate (admin 1) code, e.g. SY08.").MaximumLength(20);
        RuleFor(r => r.Adm1Name).NotEmpty().WithMessage("Give the governorate (admin 1) name.").MaximumLength(200);
        RuleFor(r => r.Adm2Code).NotEmpty().WithMessage("Give the district (admin 2) code, e.g. SY0800.").MaximumLength(20);
        RuleFor(r => r.Adm2Name).NotEmpty().WithMessage("Give the district (admin 2) name.").MaximumLength(200);
        RuleFor(r => r.Location).MaximumLength(200);
        RuleFor(r => r.FloorAreaM2).GreaterThan(0).WithMessage("Floor area must be the usable covered area in m², more than 0.")
            .LessThan(1_000_000);
        RuleFor(r => r.NightCapacity).GreaterThanOrEqualTo(0).WithMessage("Night capacity cannot be negative.")
            .LessThan(100_000);
    }
}
