using IdpTracker.Domain;
using IdpTracker.Reporting.Model;

namespace IdpTracker.Reporting.Tests;

public class SituationReportRendererTests
{
    private static readonly DateOnly AsOf = new(2027, 1, 25);
    private static readonly Guid CenterId = Guid.NewGuid();

    private static ProjectedHousehold Household(params (string Sex, int Age)[] people) => new()
    {
        HouseholdId = Guid.NewGuid(),
        CenterId = CenterId,
        ArrivedAt = new DateTimeOffset(2027, 1, 21, 9, 0, 0, TimeSpan.Zero),
        SourceVersion = 1,
        People = people.Select(p => new ProjectedPerson { Sex = p.Sex, DateOfBirth = AsOf.AddYears(-p.Age).AddDays(-3) }).ToList(),
    };

    private static readonly ProjectedCenter School = new()
    {
        Id = CenterId, Name = "Ghuwayran school", Adm1Name = "Al-Hasakah", Adm2Code = "SY0800", Adm2Name = "Al-Hasakah", NightCapacity = 120, FloorAreaM2 = 400,
    };

    [Theory]
    [InlineData(0, "0")]
    [InlineData(1, "<5")]
    [InlineData(4, "<5")]
    [InlineData(5, "5")]
    [InlineData(1234, "1,234")]
    public void Counts_from_1_to_4_are_shown_as_under_5(int count, string shown) =>
        Assert.Equal(shown, SmallCells.Show(count));

    [Theory]
    [InlineData(0, "0-4")]
    [InlineData(4, "0-4")]
    [InlineData(5, "5-11")]
    [InlineData(11, "5-11")]
    [InlineData(12, "12-17")]
    [InlineData(17, "12-17")]
    [InlineData(18, "18-59")]
    [InlineData(59, "18-59")]
    [InlineData(60, "60+")]
    public void Ages_fall_into_the_standard_brackets(int age, string bracket) =>
        Assert.Equal(bracket, AgeBrackets.Of(AsOf.AddYears(-age), AsOf));

    [Fact]
    public void Figures_count_people_by_sex_and_age_bracket()
    {
        var figures = ReportFigures.From(
            [Household(("female", 30), ("male", 35), ("female", 3), ("male", 7)), Household(("female", 65), ("female", 40))],
            [School], AsOf);

        Assert.Equal(2, figures.Households);
        Assert.Equal(6, figures.People);
        Assert.Equal(4, figures.Female);
        Assert.Equal(2, figures.Male);
        Assert.Equal(new BracketFigure("18-59", 2, 1, 0), figures.ByAgeBracket.Single(b => b.Bracket == "18-59"));
        Assert.Equal(6, figures.Centers.Single().People);
    }

    [Fact]
    public void The_email_shows_large_counts_and_hides_small_ones()
    {
        var figures = ReportFigures.From([Household(Adults(20, 15)), Household(("female", 70))], [School], AsOf);

        var report = SituationReportRenderer.Render(figures, "Relief Fund", new DateTimeOffset(2027, 1, 25, 8, 0, 0, TimeSpan.FromHours(3)));

        Assert.Contains("Displaced people in reception centres: 36", report.Text);
        Assert.Contains("Households: <5", report.Text);
        Assert.Contains("Women and girls: 21", report.Text);
        // One older woman: hidden, and with her the largest other count of her column and her column's total row.
        Assert.Contains("60+: <5 / 0 / 0 / <5", report.Text);
        Assert.Contains("18-59: x / 15 / 0 / x", report.Text);
        Assert.Contains("Ghuwayran school", report.Html);
        Assert.Contains("2027-01-25", report.Subject);
    }

    /// <summary>Women and men of 30.</summary>
    private static (string Sex, int Age)[] Adults(int women, int men) =>
        [.. Enumerable.Repeat(("female", 30), women), .. Enumerable.Repeat(("male", 30), men)];

    [Fact]
    public void The_hxl_copy_has_a_header_row_a_hashtag_row_a_row_per_centre_and_a_total_suppressed_like_the_email()
    {
        var figures = ReportFigures.From([Household(Adults(20, 15)), Household(("female", 70), ("male", 8))], [School], AsOf);

        var lines = SituationReportRenderer.Render(figures, "Relief Fund", new DateTimeOffset(2027, 1, 25, 8, 0, 0, TimeSpan.FromHours(3))).Csv
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(4, lines.Count);
        Assert.StartsWith("Date reported,Governorate,District code,District,Reception centre,Displaced people,Households", lines[0]);
        Assert.Equal("#date+reported,#adm1+name,#adm2+code,#adm2+name,#loc+name,#affected+idps+ind,#affected+hh,#affected+f+children,#affected+m+children,#affected+f+elderly,#affected+m+elderly", lines[1]);
        Assert.Equal("2027-01-25,Al-Hasakah,SY0800,Al-Hasakah,Ghuwayran school,37,<5,,,,", lines[2]);
        // One boy and one older woman: both small, and each hidden where a total would give it away.
        Assert.Equal("2027-01-25,,,,Total,37,<5,0,<5,<5,0", lines[3]);
    }

    [Fact]
    public void The_arabic_edition_reads_right_to_left_in_arabic_with_the_same_suppressed_counts()
    {
        var arabicSchool = new ProjectedCenter
        {
            Id = CenterId, Name = "Ghuwayran school", NameArabic = "مدرسة غويران", Adm1Name = "Al-Hasakah", Adm2Name = "Al-Hasakah", NightCapacity = 120,
        };
        var figures = ReportFigures.From([Household(Adults(20, 15)), Household(("female", 70))], [arabicSchool], AsOf);
        var at = new DateTimeOffset(2027, 1, 25, 8, 0, 0, TimeSpan.FromHours(3));

        var arabic = SituationReportRenderer.Render(figures, "صندوق الإغاثة", at, ReportLanguage.Arabic);
        var english = SituationReportRenderer.Render(figures, "Relief Fund", at);

        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", arabic.Html);
        Assert.Contains("<h1>تقرير الوضع</h1>", arabic.Html);
        Assert.Contains("النازحون في مراكز الاستقبال: 36", arabic.Text);
        Assert.Contains("الأسر: <5", arabic.Text);
        Assert.Contains("مدرسة غويران", arabic.Html);
        Assert.Contains("2027-01-25", arabic.Subject);
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", english.Html);
        // The same figures whatever the language: only the words change.
        Assert.Equal(english.Csv, arabic.Csv);
    }
}
