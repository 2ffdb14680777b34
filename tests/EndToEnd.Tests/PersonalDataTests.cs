using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class PersonalDataTests(SystemFixture system)
{
    private const string Phone = "+963 944 551 203";

    private async Task<(Guid CenterId, Guid HouseholdId)> RegisterMohammedsFamilyAsync()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Ghuwayran mosque hall");
        var id = Guid.NewGuid();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new
        {
            centerId,
            phone = Phone,
            displacedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)),
            origin = new { adm1Code = "SY08", adm2Code = "SY0800", neighbourhood = "Ghuwayran" },
            members = new object[]
            {
                new { sex = "male", dateOfBirth = Api.Born(41), relationship = "head", nameArabic = "محمد الخلف", nameLatin = "Mohammed Al-Khalaf" },
                new { sex = "female", dateOfBirth = Api.Born(37), relationship = "spouse", nameArabic = "فاطمة الحسن", nameLatin = "Fatima Al-Hassan", specificNeeds = new[] { "PLW" } },
                new { sex = "female", dateOfBirth = Api.Born(9), relationship = "child", nameLatin = "Zeinab", specificNeeds = new[] { "WG-WALKING" } },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (centerId, id);
    }

    [Fact]
    public async Task Names_phone_origin_and_specific_needs_come_back_to_the_field_worker()
    {
        var (_, id) = await RegisterMohammedsFamilyAsync();

        var household = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}");

        Assert.Equal(Phone, household!["phone"]!.GetValue<string>());
        Assert.Equal("Ghuwayran", household["origin"]!["neighbourhood"]!.GetValue<string>());
        var members = household["members"]!.AsArray();
        Assert.Equal("محمد الخلف", members[0]!["nameArabic"]!.GetValue<string>());
        Assert.Equal("Fatima Al-Hassan", members[1]!["nameLatin"]!.GetValue<string>());
        Assert.Equal("PLW", members[1]!["specificNeeds"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Muhammad")]
    [InlineData("mohamad alkhalaf")]
    [InlineData("مُحَمَّد")]
    [InlineData("فاطمه")]
    [InlineData("Zainab")]
    public async Task Search_finds_a_household_by_any_spelling_of_a_members_name(string q)
    {
        var (centerId, id) = await RegisterMohammedsFamilyAsync();

        var page = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households?centerId={centerId}&q={Uri.EscapeDataString(q)}");

        Assert.Equal(id, page!["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Search_does_not_find_other_names()
    {
        var (centerId, _) = await RegisterMohammedsFamilyAsync();

        var page = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households?centerId={centerId}&q=Walid");

        Assert.Empty(page!["items"]!.AsArray());
    }

    [Fact]
    public async Task A_database_dump_shows_no_name_or_phone_number()
    {
        var (_, id) = await RegisterMohammedsFamilyAsync();
        await Eventually.Get(() => system.Gateway.GetJsonOrNullAsync($"api/needs/households/{id}"), TimeSpan.FromSeconds(30), "the household to reach Needs");

        foreach (var service in new[] { "Registration", "Needs", "Reporting" })
        {
            var dump = "";
            var tables = await TestServers.ScalarAsync<string>(SystemFixture.Database(service),
                "SELECT string_agg(quote_ident(table_name), ',') FROM information_schema.tables WHERE table_schema = 'public'");
            foreach (var table in tables.Split(','))
            {
                dump += await TestServers.ScalarAsync<string>(SystemFixture.Database(service),
                    $"SELECT coalesce(string_agg(t::text, E'\\n'), '') FROM {table} t");
            }

            // The dump really holds this household's rows: its id is there, its names are not.
            Assert.Contains(id.ToString(), dump);
            foreach (var secret in new[] { "Mohammed", "Khalaf", "محمد", "فاطمة", "Fatima", "Zeinab", "944 551 203", "944551203" })
            {
                Assert.DoesNotContain(secret, dump);
            }
        }
    }

    [Fact]
    public async Task An_unknown_specific_needs_code_is_refused_with_the_field_named()
    {
        var centerId = await system.Gateway.CreateCenterAsync("Al-Nashwa hall 3");
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{Guid.NewGuid()}", new
        {
            centerId,
            members = new object[] { new { sex = "female", dateOfBirth = Api.Born(30), relationship = "head", specificNeeds = new[] { "VIP" } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("members[0].specificNeeds[0]"), errors.ToJsonString());
    }

    [Fact]
    public async Task No_report_format_holds_a_name_phone_number_birth_date_or_household_id()
    {
        var (centerId, householdId) = await RegisterMohammedsFamilyAsync();
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/reports/figures?centerId={centerId}"))?.Int("people") == 3,
            TimeSpan.FromSeconds(30), "Reporting to count the family");
        using var subscribe = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions", new
        {
            organisation = "Privacy Fund", emails = new[] { "privacy@fund.example" }, cron = "0 0 1 1 *", timeZone = "Asia/Damascus", centres = new[] { centerId },
        });
        Assert.Equal(HttpStatusCode.Created, subscribe.StatusCode);
        var subscription = (await subscribe.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{subscription}/run", null);
        var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        var outputs = new Dictionary<string, string>
        {
            ["json"] = await system.Gateway.GetStringAsync($"api/reports/{report}"),
            ["html"] = await system.Gateway.GetStringAsync($"api/reports/{report}.html"),
            ["csv"] = await system.Gateway.GetStringAsync($"api/reports/{report}.csv"),
            ["pdf"] = Pdf.Text(await system.Gateway.GetByteArrayAsync($"api/reports/{report}.pdf")),
        };
        var mail = await Eventually.Get(() => Task.FromResult(system.Mailbox.Messages.FirstOrDefault(m => m.MessageId.Contains(report.ToString("N")))),
            TimeSpan.FromSeconds(60), "the report e-mail");
        outputs["email"] = mail!.Subject + mail.Text + mail.Html;
        outputs["email PDF attachment"] = Pdf.Text(mail.Attachments.Single(a => a.ContentType == "application/pdf").Content);
        outputs["email CSV attachment"] = System.Text.Encoding.UTF8.GetString(mail.Attachments.Single(a => a.ContentType == "text/csv").Content);

        // Each output really is the report: the search below looks through its text.
        Assert.Contains("#affected+idps+ind", outputs["csv"]);
        Assert.Contains("#affected+idps+ind", outputs["email CSV attachment"]);
        Assert.Contains("Ghuwayran mosque hall", outputs["pdf"]);
        Assert.Contains("Ghuwayran mosque hall", outputs["email PDF attachment"]);
        string[] personal =
        [
            "Mohammed", "Al-Khalaf", "محمد", "Fatima", "فاطمة", "Zeinab", Phone, Phone.Replace(" ", ""), "944 551 203",
            householdId.ToString(), householdId.ToString("N"),
            Api.Born(41).ToString("yyyy-MM-dd"), Api.Born(37).ToString("yyyy-MM-dd"), Api.Born(9).ToString("yyyy-MM-dd"),
        ];
        foreach (var (format, content) in outputs)
        foreach (var value in personal)
        {
            Assert.False(content.Contains(value, StringComparison.OrdinalIgnoreCase), $"the {format} report holds '{value}'");
        }
    }

    [Fact]
    public async Task Names_and_phone_numbers_never_reach_the_logs()
    {
        await RegisterMohammedsFamilyAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));

        var lines = system.AllLogLines.ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { "Mohammed", "محمد", "Fatima", "944 551 203" })
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }
}
