using IdpTracker.Contracts.Needs;
using IdpTracker.Domain;
using IdpTracker.Reporting.Model;
using IdpTracker.Testing;

namespace IdpTracker.Reporting.Tests;

public class SituationReportRendererTests
{
    private static readonly DateOnly AsOf = new(2027, 1, 25);
    private static readonly DateTimeOffset Occurrence = new(2027, 1, 25, 8, 0, 0, TimeSpan.FromHours(3));
    private static readonly DateTimeOffset PreviousReport = Occurrence.AddDays(-1);
    private static readonly TimeZoneInfo Damascus = TimeZoneInfo.FindSystemTimeZoneById("Asia/Damascus");
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
        Id = CenterId, Name = "Ghuwayran school", NameArabic = "مدرسة غويران", Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Code = "SY0800",
        Adm2Name = "Al-Hasakah", NightCapacity = 120, FloorAreaM2 = 400,
    };

    private static ReportFigures Figures(IReadOnlyCollection<ProjectedHousehold> households, CenterNeedsSummarized? needs = null,
        IReadOnlyList<ProjectedCenter>? centres = null, string[]? wholeGovernorates = null, DateTimeOffset? since = null)
    {
        var figures = ReportFigures.From(households, centres ?? [School],
            needs is null ? new Dictionary<Guid, CenterNeedsSummarized>() : new() { [needs.CenterId] = needs },
            Occurrence, since ?? PreviousReport, Damascus, (wholeGovernorates ?? ["SY08"]).ToHashSet());
        figures.Shown = SituationReportRenderer.ShownKeyFigures(figures);
        return figures;
    }

    private static RenderedReport Render(ReportFigures figures, ReportFigures? previous = null, ReportLanguage? language = null) =>
        SituationReportRenderer.Render(figures, previous, "Relief Fund", Occurrence, language);

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
        var figures = Figures([Household(("female", 30), ("male", 35), ("female", 3), ("male", 7)), Household(("female", 65), ("female", 40))]);

        Assert.Equal(2, figures.Households);
        Assert.Equal(6, figures.People);
        Assert.Equal(4, figures.Female);
        Assert.Equal(2, figures.Male);
        Assert.Equal(new BracketFigure("18-59", 2, 1, 0), figures.ByAgeBracket.Single(b => b.Bracket == "18-59"));
        Assert.Equal(6, figures.Centers.Single().People);
    }

    [Fact]
    public void Key_figures_count_the_displaced_where_they_are_now_and_the_arrivals_since_the_last_report()
    {
        ProjectedHousehold Gone(string destination, int people) => Departed(Household(Adults(people, 0)), destination);
        var arrivedToday = Household(Adults(3, 3));
        arrivedToday.ArrivedAt = Occurrence.AddHours(-2);
        var arrivedYesterdayAfterTheReport = Gone("hostFamily", 2);
        arrivedYesterdayAfterTheReport.ArrivedAt = PreviousReport.AddHours(1);

        var figures = Figures([Household(Adults(10, 0)), arrivedToday, arrivedYesterdayAfterTheReport, Gone("hostFamily", 4), Gone("returnedHome", 5), Gone("other", 1)]);

        Assert.Equal(16, figures.People);
        Assert.Equal(new PlaceFigure(2, 6), figures.WithHostFamilies);
        Assert.Equal(new PlaceFigure(1, 5), figures.ReturnedHome);
        Assert.Equal(new PlaceFigure(1, 1), figures.Elsewhere);
        // Returned home: no longer displaced.
        Assert.Equal(16 + 6 + 1, figures.DisplacedPeople);
        Assert.Equal(new PlaceFigure(2, 8), figures.NewArrivals);
        // Days are the subscription's local days: yesterday after 08:00 and today, in Damascus.
        Assert.Equal([new DayFigure(new DateOnly(2027, 1, 24), 1, 2), new DayFigure(new DateOnly(2027, 1, 25), 1, 6)],
            figures.ArrivalsPerDay.Where(d => d.Households > 0));
    }

    private static ProjectedHousehold Departed(ProjectedHousehold household, string destination)
    {
        household.Present = false;
        household.Destination = destination;
        return household;
    }

    [Fact]
    public void The_email_shows_large_counts_and_hides_small_ones()
    {
        var report = Render(Figures([Household(Adults(20, 15)), Household(("female", 70))]));

        Assert.Contains("In collective centres: 36 /", report.Text);
        Assert.Contains("Households in collective centres: <5 /", report.Text);
        // One older woman: hidden, and with her the largest other count of her column and her column's total row.
        Assert.Contains("60+: <5 / 0 / 0 / <5", report.Text);
        Assert.Contains("18-59: x / 15 / 0 / x", report.Text);
        Assert.Contains("Ghuwayran school", report.Html);
        Assert.Contains("2027-01-25", report.Subject);
        Assert.Contains("The first report of this subscription", report.Text);
    }

    [Fact]
    public void Each_key_figure_shows_its_change_since_the_previous_report_where_both_counts_are_shown()
    {
        var previous = Figures([Household(Adults(15, 15)), Household(("male", 40))]);
        var current = Figures([Household(Adults(20, 15)), Household(("male", 40))]);

        var report = Render(current, previous);

        Assert.Contains("In collective centres: 36 / +5", report.Text);
        Assert.Contains("36 people are in collective centres (+5 since the last report).", report.Text);
        // Two households then and now: hidden both times, so no change can be shown.
        Assert.Contains("Households in collective centres: <5 / \n", report.Text.ReplaceLineEndings("\n"));
        Assert.Contains("Changes are since the report of 24 January 2027.", report.Text);
    }

    [Fact]
    public void Centres_show_occupancy_space_and_status_and_a_critical_centre_is_a_highlight()
    {
        var report = Render(Figures([Household(Adults(20, 15)), Household(("male", 40))], Needs(status: "critical")));

        Assert.Contains("Ghuwayran school: Al-Hasakah / <5 / 36 / 30 % (120) / 11.1 (4.5) / Critical", report.Text);
        Assert.Contains("- Centres in critical condition: Ghuwayran school.", report.Text);
    }

    [Fact]
    public void A_centre_with_a_hidden_number_of_people_shows_neither_occupancy_nor_space_that_would_give_it_away()
    {
        var report = Render(Figures([Household(("female", 30), ("male", 30))], Needs(status: "ok")));

        Assert.Contains("Ghuwayran school: Al-Hasakah / <5 / <5 /  /  / OK", report.Text);
    }

    [Fact]
    public void Needs_response_and_gaps_per_sector_come_from_the_centres_summaries_and_the_widest_gap_is_a_highlight()
    {
        var report = Render(Figures([Household(Adults(20, 15))], Needs(status: "ok", winterInNeed: (20, 15), winterReached: (10, 10), targeted: 30)));

        Assert.Contains("Winterization (blankets, mattresses, clothing): 35 / 30 / 20 / 15", report.Text);
        Assert.Contains("Shelter: 35 / 0 / not recorded / ", report.Text);
        Assert.Contains("- Winterization (blankets, mattresses, clothing): 15 people in need not yet reached.", report.Text);
        Assert.Contains("Winterization (blankets, mattresses, clothing): people reached by age and sex", report.Text);
        Assert.Contains("18-59: 10 / 10 / 0 / 20", report.Text);
    }

    [Fact]
    public void Protection_is_given_by_governorate_only_and_small_counts_are_hidden()
    {
        var household = Household(Adults(10, 10));
        household.People[0].SpecificNeeds = ["PRO", "FHH"];
        household.People[1].SpecificNeeds = ["WG-WALKING"];

        var report = Render(Figures([household]));

        Assert.Contains("Survivors or people at protection risk: <5", report.Text);
        Assert.Contains("Female-headed households: <5", report.Text);
        Assert.Contains("People with a disability: <5", report.Text);
        Assert.Contains("(Al-Hasakah)", report.Text);
        // Not on any centre's row, in any edition.
        Assert.DoesNotContain("protection", report.Csv, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Arrivals_per_day_and_needs_per_sector_are_drawn_as_png_charts_with_their_figures_in_words()
    {
        var arrived = Household(Adults(10, 10));
        arrived.ArrivedAt = Occurrence.AddHours(-1);

        var report = Render(Figures([arrived], Needs(status: "ok", winterInNeed: (10, 10), winterReached: (0, 0), targeted: 20)));

        var images = System.Text.RegularExpressions.Regex.Matches(report.Html, "<img src=\"data:image/png;base64,([^\"]+)\" alt=\"([^\"]*)\"");
        Assert.Equal(2, images.Count);
        foreach (System.Text.RegularExpressions.Match image in images)
        {
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, Convert.FromBase64String(image.Groups[1].Value)[..4]);
        }
        Assert.Contains("25 Jan 20", images[0].Groups[2].Value);
        Assert.Contains("Winterization 20 / 0", images[1].Groups[2].Value);
    }

    [Fact]
    public void The_pdf_edition_holds_the_same_suppressed_figures_as_text()
    {
        var report = Render(Figures([Household(Adults(20, 15)), Household(("female", 70))]));

        Assert.Equal("%PDF"u8.ToArray(), report.Pdf[..4]);
        var text = Pdf.Text(report.Pdf);
        Assert.Contains("Situation report", text);
        Assert.Contains("In collective centres", text);
        Assert.Contains("Ghuwayran school", text);
        Assert.Matches(@"60\+\s+<5\s+0\s+0\s+<5", text);
    }

    [Fact]
    public void The_arabic_edition_reads_right_to_left_in_arabic_with_the_same_suppressed_counts()
    {
        var figures = Figures([Household(Adults(20, 15)), Household(("female", 70))]);

        var arabic = SituationReportRenderer.Render(figures, null, "صندوق الإغاثة", Occurrence, ReportLanguage.Arabic);
        var english = Render(figures);

        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", arabic.Html);
        Assert.Contains("<h1>تقرير الوضع</h1>", arabic.Html);
        Assert.Contains("في مراكز الإيواء الجماعية: 36", arabic.Text);
        Assert.Contains("الأسر في مراكز الإيواء الجماعية: <5", arabic.Text);
        Assert.Contains("مدرسة غويران", arabic.Html);
        Assert.Contains("<td dir=\"ltr\">&lt;5</td>", arabic.Html);
        Assert.Contains("2027-01-25", arabic.Subject);
        Assert.Equal("%PDF"u8.ToArray(), arabic.Pdf[..4]);
        Assert.Contains("<html lang=\"en\" dir=\"ltr\">", english.Html);
        // The same figures whatever the language: only the words change.
        Assert.Equal(english.Csv, arabic.Csv);
    }

    [Fact]
    public void The_hxl_copy_has_a_header_row_a_hashtag_row_a_row_per_centre_and_a_total_suppressed_like_the_email()
    {
        var lines = Render(Figures([Household(Adults(20, 15)), Household(("female", 70), ("male", 8))])).Csv
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(4, lines.Count);
        Assert.StartsWith("Date reported,Governorate,District code,District,Reception centre,Displaced people in centres,Households in centres", lines[0]);
        Assert.Equal("#date+reported,#adm1+name,#adm2+code,#adm2+name,#loc+name,#affected+idps+ind,#affected+hh,#affected+f+children,#affected+m+children," +
                     "#affected+f+elderly,#affected+m+elderly,#affected+returnees+ind,#inneed+ind+shelter,#inneed+ind+nfi,#targeted+ind+nfi," +
                     "#reached+ind+nfi,#inneed+ind+heating,#reached+ind+heating,#inneed+ind+wash", lines[1]);
        Assert.Equal("2027-01-25,Al-Hasakah,SY0800,Al-Hasakah,Ghuwayran school,37,<5,,,,,,,,,,,,", lines[2]);
        // One boy and one older woman: both small, and each hidden where a total would give it away.
        Assert.StartsWith("2027-01-25,,,,Total,37,<5,0,<5,<5,0,0,", lines[3]);
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"")]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"Open\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Open\"\")\"")]
    [InlineData("@SUM(A1:A9)", "\"'@SUM(A1:A9)\"")]
    [InlineData("-1+1", "\"'-1+1\"")]
    public void A_centre_named_like_a_formula_reaches_donors_spreadsheets_as_text(string name, string cell)
    {
        var centre = new ProjectedCenter
        {
            Id = CenterId, Name = name, Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Code = "SY0800", Adm2Name = "Al-Hasakah", NightCapacity = 120, FloorAreaM2 = 400,
        };

        var rows = Render(Figures([Household(Adults(20, 15))], centres: [centre])).Csv.Split("\r\n");

        Assert.Equal("2027-01-25,Al-Hasakah,SY0800,Al-Hasakah," + cell + ",35,<5,,,,,,,,,,,,", rows[2]);
    }

    [Fact]
    public void The_change_compares_with_what_the_previous_report_showed_and_a_report_from_before_key_figures_were_kept_shows_none()
    {
        var previous = Figures([Household(Adults(15, 15))]);
        previous.Shown!["inCentres"] = null;
        var current = Figures([Household(Adults(20, 15))]);

        Assert.Contains("In collective centres: 35 / \n", Render(current, previous).Text.ReplaceLineEndings("\n"));

        previous.Shown = null;
        Assert.Contains("In collective centres: 35 / \n", Render(current, previous).Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Two_small_counts_are_not_given_away_by_their_sum_under_a_shown_total()
    {
        // 1 person with a host family and 2 gone elsewhere: displaced minus in centres would say 3.
        var figures = Figures([Household(Adults(20, 20)), Departed(Household(("female", 30)), "hostFamily"), Departed(Household(("female", 30), ("male", 30)), "other")]);
        var t = SuppressedTables.For(figures);

        var shown = new[] { t.DisplacedPeople, t.People, t.HostFamilyPeople, t.ElsewherePeople }.Where(id => !t.Cells.IsHidden(id)).ToList();
        Assert.True(shown.Count <= 1 || !(shown.Contains(t.DisplacedPeople) && shown.Contains(t.People)), "displaced and in centres both shown");
    }

    [Fact]
    public void A_sector_total_does_not_give_away_a_small_centre_that_the_centres_table_hides()
    {
        // A tent site of 200 in need of shelter and a heated school of 3 that is not: shelter in need = 200 would give the 3 away.
        var tents = new ProjectedCenter { Id = Guid.NewGuid(), Name = "Tent site", Adm1Code = "SY08", Adm1Name = "Al-Hasakah", Adm2Name = "Al-Hasakah", NightCapacity = 300, FloorAreaM2 = 900 };
        var tentFamilies = Enumerable.Range(0, 40).Select(_ => Household(Adults(3, 2))).ToList();
        tentFamilies.ForEach(h => h.CenterId = tents.Id);
        var summary = Needs("ok", winterInNeed: (120, 80)) with { CenterId = tents.Id };

        var figures = Figures([.. tentFamilies, Household(Adults(2, 1))], summary, centres: [tents, School]);
        var t = SuppressedTables.For(figures);

        var shelter = t.Sectors.Single(s => s.Figure.Sector == "shelter");
        Assert.Equal(200, figures.Sectors.Single(s => s.Sector == "shelter").InNeedTotal);
        Assert.True(t.Cells.IsHidden(shelter.InNeed.Totals.Total) || t.Cells.IsHidden(t.People), "shelter in need and people in centres both shown");
    }

    [Fact]
    public void Arrivals_before_the_days_charted_are_counted_so_a_hidden_day_cannot_be_worked_out()
    {
        // One person 20 days ago (before the chart), 10 three days ago, 2 today: new arrivals minus the bars shown
        // would say 3, the person of long ago and today's two together.
        var longAgo = Household(("female", 30));
        longAgo.ArrivedAt = Occurrence.AddDays(-20);
        var earlier = Household(Adults(5, 5));
        earlier.ArrivedAt = Occurrence.AddDays(-3);
        var today = Household(("female", 30), ("male", 30));
        today.ArrivedAt = Occurrence.AddHours(-1);

        var t = SuppressedTables.For(Figures([longAgo, earlier, today], since: Occurrence.AddDays(-30)));

        Assert.Equal(ReportFigures.MaxChartDays, t.Days.Count);
        Assert.Equal(SmallCells.Small, t.Display(t.Days[^1].People));
        var tenBar = t.Days.Single(d => d.Figure.People == 10).People;
        Assert.True(t.Cells.IsHidden(t.NewArrivalPeople) || t.Cells.IsHidden(tenBar), "new arrivals and the other bars all shown");
    }

    [Fact]
    public void Protection_is_left_out_for_a_scope_that_holds_part_of_a_governorate()
    {
        var household = Household(Adults(10, 10));
        household.People[0].SpecificNeeds = ["PRO"];

        var report = Render(Figures([household], wholeGovernorates: []));

        Assert.Empty(Figures([household], wholeGovernorates: []).Protection);
        Assert.DoesNotContain("protection risk", report.Text);
    }

    /// <summary>Women and men of 30.</summary>
    private static (string Sex, int Age)[] Adults(int women, int men) =>
        [.. Enumerable.Repeat(("female", 30), women), .. Enumerable.Repeat(("male", 30), men)];

    /// <summary>A centre summary as Needs sends it: everyone here in need of shelter; winter items as given, adults of 18-59 only.</summary>
    private static CenterNeedsSummarized Needs(string status, (int Female, int Male) winterInNeed = default, (int Female, int Male) winterReached = default, int targeted = 0)
    {
        SectorNeeds Sector(string name, (int Female, int Male) inNeed, (int Female, int Male)? reached, int targetedPeople) =>
            new(name, inNeed.Female + inNeed.Male, targetedPeople, reached is { } r ? r.Female + r.Male : null,
            [
                new SectorNeedsCell("female", "18-59", inNeed.Female, 0, reached?.Female),
                new SectorNeedsCell("male", "18-59", inNeed.Male, 0, reached?.Male),
            ]);
        return new CenterNeedsSummarized(CenterId, 1, Occurrence, "v1", 2, 36, status, 11.1m, 4.5m, 30, 6m, [],
        [
            Sector("shelter", winterInNeed, null, 0),
            Sector("winterization", winterInNeed, winterReached, targeted),
            Sector("heating", default, (0, 0), 0),
            Sector("wash", default, null, 0),
        ]);
    }
}
