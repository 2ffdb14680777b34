using IdpTracker.Domain;
using FluentValidation;
using IdpTracker.Registration.Model;
using IdpTracker.ServiceDefaults;

namespace IdpTracker.Registration.Apis;

internal sealed class RegisterHouseholdRequestValidator : AbstractValidator<RegisterHouseholdRequest>
{
    public const int MaxMembers = 40;
    public const int MaxAgeYears = 120;

    /// <summary>An origin's admin code, when given, is one (SY08, sy0800): never a mark or space that shows as nothing.</summary>
    private static bool OriginCode(string? code) => string.IsNullOrWhiteSpace(code) || AdminCodes.IsValid(AdminCodes.Normalize(code));

    private const string OriginCodeMessage = "Give the admin code of where the family comes from, e.g. SY08 or SY0800, or leave it out.";

    public RegisterHouseholdRequestValidator(TimeProvider clock)
    {
        RuleFor(r => r.CenterId).NotEmpty().WithMessage("Choose the reception centre the household arrived at.");
        RuleFor(r => r.ArrivedAt)
            .Must(arrived => arrived is null || arrived <= clock.GetUtcNow().AddHours(1))
            .WithMessage("The arrival time is in the future. Check the phone's date and time.")
            .Must(RecordedDates.Credible).WithMessage(RecordedDates.TooEarly);
        RuleFor(r => r.Members)
            .NotEmpty().WithMessage("A household needs at least one member.")
            .Must(members => members is null || members.Count <= MaxMembers).WithMessage($"A household can have at most {MaxMembers} members; register large groups as several households.")
            .Must(members => members is null || members.Any(m => m is null) || members.Count(m => m.Relationship == Relationship.Head) == 1)
            .WithMessage("Mark exactly one member as the head of household.");
        RuleForEach(r => r.Members).NotNull().WithMessage("Give a member here, not null.");
        // Two rows with one id would be stored as one person: the other would silently disappear.
        RuleFor(r => r.Members).Custom((members, context) =>
        {
            var seen = new HashSet<Guid>();
            for (var i = 0; i < (members?.Count ?? 0); i++)
            {
                if (members![i]?.Id is { } id && !seen.Add(id))
                {
                    context.AddFailure($"Members[{i}].Id", "Another member of this household has the same id; give each person an id of their own.");
                }
            }
        });
        RuleFor(r => r.Phone).Text(30).Matches(@"^\+?[0-9 ()-]{6,20}$").WithMessage("Write the phone number with digits only, e.g. +963 944 123 456.");
        RuleFor(r => r.PreviousDisplacements).InclusiveBetween(0, 50)
            .WithMessage("Give how many times the family was displaced before this time, from 0 to 50, or leave it out.");
        RuleFor(r => r.DisplacedOn)
            .Must(date => date is null || date <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithMessage("The displacement date is in the future.")
            .Must(RecordedDates.Credible).WithMessage(RecordedDates.TooEarly);
        RuleFor(r => r.Origin!.Adm1Code).Must(OriginCode).WithMessage(OriginCodeMessage).When(r => r.Origin is not null);
        RuleFor(r => r.Origin!.Adm2Code).Must(OriginCode).WithMessage(OriginCodeMessage).When(r => r.Origin is not null);
        RuleFor(r => r.Origin!.Adm3Code).Must(OriginCode).WithMessage(OriginCodeMessage).When(r => r.Origin is not null);
        RuleFor(r => r.Origin!.Neighbourhood).Text(200).When(r => r.Origin is not null);
        RuleForEach(r => r.Members).ChildRules(member =>
        {
            member.RuleFor(m => m.NameArabic).Text(200)
                .Must(name => name is null || name.Any(c => c is >= '\u0600' and <= '\u06FF'))
                .WithMessage("Write this name in Arabic script; put the Latin spelling in nameLatin.");
            member.RuleFor(m => m.NameLatin).Text(200)
                .Must(name => name is null || !name.Any(c => c is >= '\u0600' and <= '\u06FF'))
                .WithMessage("Write this name in Latin script (Kurmanji or English spelling); put the Arabic in nameArabic.")
                .Must(name => name is null || PlainText.HasVisibleCharacter(name)).WithMessage(PlainText.Invisible);
            member.RuleForEach(m => m.SpecificNeeds).Must(code => code is not null && SpecificNeeds.IsKnown(code))
                .WithMessage("Unknown specific-needs code '{PropertyValue}'. Known codes: " + string.Join(", ", SpecificNeeds.Codes.Keys) + ".");
            member.RuleFor(m => m.Sex).NotNull().WithMessage("Choose female, male or unknown.")
                .IsInEnum().WithMessage("Sex must be female, male or unknown.");
            member.RuleFor(m => m.Relationship).NotNull().WithMessage("Give the relationship to the head of household.")
                .IsInEnum().WithMessage("Unknown relationship.");
            member.RuleFor(m => m.AgeYears).InclusiveBetween(0, MaxAgeYears).WithMessage($"An estimated age is in years, from 0 to {MaxAgeYears}.")
                .Null().When(m => m.DateOfBirth is not null).WithMessage("Give a date of birth or an age, not both.");
            member.RuleFor(m => m.DateOfBirth).NotNull().When(m => m.AgeYears is null)
                .WithMessage("Give a date of birth, or an age in years (ageYears) when it is not known.")
                .Must(dob => dob is null || dob <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
                .WithMessage("The date of birth is in the future.")
                .Must(dob => dob is null || dob > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(-MaxAgeYears))
                .WithMessage($"The date of birth gives an age over {MaxAgeYears} years. Check the year.");
        });
    }
}
