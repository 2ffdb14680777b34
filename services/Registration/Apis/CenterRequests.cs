using FluentValidation;
using IdpTracker.ServiceDefaults;
using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Apis;

public sealed record CreateCenterRequest(
    string Name, string? NameArabic, CenterType? Type,
    string Adm1Code, string Adm1Name, string Adm2Code, string Adm2Name, string? Adm3Code, string? Adm3Name,
    string? Location, decimal FloorAreaM2, decimal? CeilingHeightM, int NightCapacity, int? DayCapacity,
    bool Heated = false, int ToiletsFemale = 0, int ToiletsMale = 0);

/// <summary>Only the fields present change (JSON merge patch semantics; a field cannot be cleared to null).</summary>
public sealed record UpdateCenterRequest(
    string? Name, string? NameArabic, CenterType? Type,
    string? Adm1Code, string? Adm1Name, string? Adm2Code, string? Adm2Name, string? Adm3Code, string? Adm3Name,
    string? Location, decimal? FloorAreaM2, decimal? CeilingHeightM, int? NightCapacity, int? DayCapacity,
    bool? Heated, int? ToiletsFemale, int? ToiletsMale, CenterStatus? Status);

public sealed record CenterResponse(
    Guid Id, string Name, string? NameArabic, CenterType Type,
    string Adm1Code, string Adm1Name, string Adm2Code, string Adm2Name, string? Adm3Code, string? Adm3Name,
    string? Location, decimal FloorAreaM2, decimal? CeilingHeightM, int NightCapacity, int? DayCapacity,
    bool Heated, int ToiletsFemale, int ToiletsMale, CenterStatus Status, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CenterResponse From(Center c) => new(
        c.Id, c.Name, c.NameArabic, c.Type, c.Adm1Code, c.Adm1Name, c.Adm2Code, c.Adm2Name, c.Adm3Code, c.Adm3Name,
        c.Location, c.FloorAreaM2, c.CeilingHeightM, c.NightCapacity, c.DayCapacity, c.Heated, c.ToiletsFemale, c.ToiletsMale,
        c.Status, c.Version, c.CreatedAt, c.UpdatedAt);
}

/// <summary>Limits and messages shared by creating and editing a centre.</summary>
internal static class CenterFieldRules
{
    public const string FloorAreaMessage = "Floor area must be the usable covered area in m², more than 0.";

    public static IRuleBuilderOptions<T, string?> AdminCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(20).Matches("^[A-Za-z0-9]*$").WithMessage("Admin codes are letters and digits, e.g. SY0800.");

    public static IRuleBuilderOptions<T, string?> Text<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Text(200).Must(text => text is null || PlainText.HasVisibleCharacter(text)).WithMessage(PlainText.Invisible);

    public const string NotNested = "An admin code lies within the one above it: the district code starts with the governorate's (SY08 → SY0800).";

    /// <summary>Whether each code lies within its parent (SY08 → SY0800 → SY080001), as a centre's codes must.</summary>
    public static bool Nested(string? parent, string? child) =>
        string.IsNullOrEmpty(child) || string.IsNullOrEmpty(parent) || child.Trim().StartsWith(parent.Trim(), StringComparison.OrdinalIgnoreCase);
}

internal sealed class CreateCenterRequestValidator : AbstractValidator<CreateCenterRequest>
{
    public CreateCenterRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Give the centre a name (Latin script).").Text();
        RuleFor(r => r.NameArabic).Text();
        RuleFor(r => r.Type).NotNull().WithMessage("Choose the type of building: school, mosque, tentSite, publicBuilding, unfinishedBuilding, collectiveShelter or other.");
        RuleFor(r => r.Adm1Code).NotEmpty().WithMessage("Give the governorate (admin 1) code, e.g. SY08.").AdminCode();
        RuleFor(r => r.Adm1Name).NotEmpty().WithMessage("Give the governorate (admin 1) name.").Text();
        RuleFor(r => r.Adm2Code).NotEmpty().WithMessage("Give the district (admin 2) code, e.g. SY0800.").AdminCode();
        RuleFor(r => r.Adm2Name).NotEmpty().WithMessage("Give the district (admin 2) name.").Text();
        RuleFor(r => r.Adm3Code).AdminCode();
        RuleFor(r => r.Adm2Code).Must((r, code) => CenterFieldRules.Nested(r.Adm1Code, code)).WithMessage(CenterFieldRules.NotNested);
        RuleFor(r => r.Adm3Code).Must((r, code) => CenterFieldRules.Nested(r.Adm2Code, code)).WithMessage(CenterFieldRules.NotNested);
        RuleFor(r => r.Adm3Name).Text();
        RuleFor(r => r.Location).Text();
        RuleFor(r => r.FloorAreaM2).GreaterThan(0).WithMessage(CenterFieldRules.FloorAreaMessage).LessThan(1_000_000);
        RuleFor(r => r.CeilingHeightM).InclusiveBetween(1m, 30m).WithMessage("Ceiling height is in metres, between 1 and 30.");
        RuleFor(r => r.NightCapacity).InclusiveBetween(0, 100_000).WithMessage("Night capacity is the number of sleeping places, 0 or more.");
        RuleFor(r => r.DayCapacity).InclusiveBetween(0, 100_000).WithMessage("Day capacity is a number of people, 0 or more.");
        RuleFor(r => r.ToiletsFemale).InclusiveBetween(0, 10_000);
        RuleFor(r => r.ToiletsMale).InclusiveBetween(0, 10_000);
    }
}

internal sealed class UpdateCenterRequestValidator : AbstractValidator<UpdateCenterRequest>
{
    public UpdateCenterRequestValidator()
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("A centre's name cannot be emptied.").Text().When(r => r.Name is not null);
        RuleFor(r => r.NameArabic).Text();
        RuleFor(r => r.Adm1Code).NotEmpty().AdminCode().When(r => r.Adm1Code is not null);
        RuleFor(r => r.Adm1Name).NotEmpty().Text().When(r => r.Adm1Name is not null);
        RuleFor(r => r.Adm2Code).NotEmpty().AdminCode().When(r => r.Adm2Code is not null);
        RuleFor(r => r.Adm2Name).NotEmpty().Text().When(r => r.Adm2Name is not null);
        RuleFor(r => r.Adm3Code).AdminCode();
        RuleFor(r => r.Adm3Name).Text();
        RuleFor(r => r.Location).Text();
        RuleFor(r => r.FloorAreaM2).GreaterThan(0).WithMessage(CenterFieldRules.FloorAreaMessage).LessThan(1_000_000);
        RuleFor(r => r.CeilingHeightM).InclusiveBetween(1m, 30m).WithMessage("Ceiling height is in metres, between 1 and 30.");
        RuleFor(r => r.NightCapacity).InclusiveBetween(0, 100_000);
        RuleFor(r => r.DayCapacity).InclusiveBetween(0, 100_000);
        RuleFor(r => r.ToiletsFemale).InclusiveBetween(0, 10_000);
        RuleFor(r => r.ToiletsMale).InclusiveBetween(0, 10_000);
    }
}
