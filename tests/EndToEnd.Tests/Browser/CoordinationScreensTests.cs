using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using IdpTracker.Testing;
using Microsoft.Playwright;

namespace IdpTracker.EndToEnd.Tests.Browser;

/// <summary>
/// The coordinator's, donor's and administrator's screens in the browser: the live overview, duplicate review, the
/// reports a donor reads, the users an administrator manages, and what a person outside an area does not see.
/// </summary>
[Collection(nameof(SystemCollection))]
public sealed class CoordinationScreensTests(SystemFixture system) : BrowserTests(system.Services["Gateway"].BaseAddress)
{
    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private async Task<Guid> RegisterAsync(Guid centre, string latin, string arabic, DateOnly born)
    {
        var id = Guid.NewGuid();
        using var response = await system.Gateway.PutAsJsonAsync($"api/households/{id}", new
        {
            centerId = centre, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
            members = new[] { new { sex = "male", dateOfBirth = born, dateOfBirthEstimated = false, relationship = "head", nameLatin = latin, nameArabic = arabic } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private static async Task ChooseCentreAsync(IPage page, string centreName) =>
        await page.GetByLabel("Reception centre", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = centreName });

    private static void NoSeriousViolation(AxeResult result, string where) =>
        Assert.True(!result.Violations.Any(v => v.Impact is "serious" or "critical"),
            where + ": " + string.Join("; ", result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} {v.Nodes.FirstOrDefault()?.Html}")));

    [Fact]
    public async Task A_family_registered_in_the_field_app_shows_in_the_coordinators_overview_within_ten_seconds_without_a_reload()
    {
        var name = "Overview school " + Suffix();
        var centre = await system.Gateway.CreateCenterAsync(name, nightCapacity: 10);
        var (_, worker) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);
        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var (desk, overview) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(overview, coordinator, Accounts.Password, landing: "overview");
        await ChooseCentreAsync(overview, name);
        await Assertions.Expect(overview.GetByTestId("people")).ToHaveTextAsync("0");

        var (phone, field) = await App.PhoneAsync();
        await FieldApp.SignInAsync(field, worker, Accounts.Password);
        await FieldAppTests.RegisterFamilyOfFiveAsync(field, "Hamdan" + Suffix(), "+963 944 300 001");
        await Assertions.Expect(FieldApp.Waiting(field)).ToHaveTextAsync("Waiting to send: 0", new() { Timeout = 20_000 });
        var sent = DateTime.UtcNow;

        // The same page, never reloaded: the figures, the centre's card and the gaps move by the family.
        await Assertions.Expect(overview.GetByTestId("people")).ToHaveTextAsync("5", new() { Timeout = 10_000 });
        await Assertions.Expect(overview.GetByTestId("arrived-today")).ToHaveTextAsync("5", new() { Timeout = 10_000 });
        var card = overview.GetByTestId($"centre-{centre}");
        await Assertions.Expect(card).ToContainTextAsync("5 people in 1 households", new() { Timeout = 10_000 });
        Assert.True(DateTime.UtcNow - sent < TimeSpan.FromSeconds(10), $"shown {(DateTime.UtcNow - sent).TotalSeconds:0.0} s after it was sent");
        await Assertions.Expect(card.GetByRole(AriaRole.Meter)).ToHaveAttributeAsync("value", "50");
        await Assertions.Expect(overview.Locator("tr[data-sector='winterization'] td").First).Not.ToHaveTextAsync("0", new() { Timeout = 15_000 });
        await FieldApp.ScreenshotAsync(overview, "overview-en-1280");
        await phone.CloseAsync();
        await desk.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_merges_a_planted_duplicate_with_a_reason_and_the_centre_counts_the_family_once()
    {
        var name = "Merge school " + Suffix();
        var centre = await system.Gateway.CreateCenterAsync(name);
        var surname = "Barakat" + Random.Shared.Next(1000, 9999);
        var born = new DateOnly(1983, 4, 2);
        var first = await RegisterAsync(centre, $"Ibrahim {surname}", "إبراهيم", born);
        var second = await RegisterAsync(centre, $"Ebrahim {surname}", "ابراهيم", born);
        var pair = await Eventually.Get(async () => (await system.Gateway.DuplicatesAsync())
                .FirstOrDefault(p => new[] { p["first"]?["id"]?.GetValue<Guid>(), p["second"]?["id"]?.GetValue<Guid>() }.ToHashSet().SetEquals([first, second])),
            TimeSpan.FromSeconds(30), "the pair to be proposed");
        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY0800"]);
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, coordinator, Accounts.Password, landing: "overview");
        await ChooseCentreAsync(page, name);
        await Assertions.Expect(page.GetByTestId("people")).ToHaveTextAsync("2", new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Link, new() { Name = "Possible duplicates" }).ClickAsync();
        // The overview's own centre picker is on screen until the queue replaces it: wait for the queue first.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Possible duplicates" })).ToBeVisibleAsync();
        // The queue of the whole area, narrowed to the centre the coordinator is working on.
        await page.GetByLabel("Reception centre").SelectOptionAsync(new SelectOptionValue { Label = name });
        await Assertions.Expect(page.GetByText("1 pair(s)")).ToBeVisibleAsync();
        await page.Locator($"a[href='#/duplicates/{pair!["id"]}']").ClickAsync();
        // Side by side, what is the same in both marked: the centre, and the head's sex, age and relationship.
        // A marked row's header reads "= Reception centre (the same in both)".
        ILocator Row(string header) => page.GetByRole(AriaRole.Row).Filter(new()
        {
            Has = page.GetByRole(AriaRole.Rowheader, new() { NameRegex = new System.Text.RegularExpressions.Regex($@"^[=≠]?\s*{System.Text.RegularExpressions.Regex.Escape(header)}(\s*\(.*\))?$") }),
        });
        await Assertions.Expect(Row("Reception centre")).ToHaveClassAsync("matches");
        await Assertions.Expect(Row("Head of household: sex, age, relationship")).ToHaveClassAsync("matches");
        var head = Row("Head of household");
        await Assertions.Expect(head).Not.ToHaveClassAsync("matches");
        await Assertions.Expect(head).ToContainTextAsync($"Ibrahim {surname}");
        await Assertions.Expect(head).ToContainTextAsync($"Ebrahim {surname}");
        NoSeriousViolation(await page.RunAxe(), "duplicate review");
        await FieldApp.ScreenshotAsync(page, "duplicate-review-en-1280");

        // No reason: refused, named at the field, nothing merged.
        await page.GetByLabel("Household A:").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge: one family" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reason-error")).ToBeVisibleAsync();
        await page.GetByLabel("Reason").FillAsync("The father confirmed he registered twice, at the gate and inside");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge: one family" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Merged." })).ToBeVisibleAsync();

        var merged = (await system.Gateway.DuplicatesAsync("status=merged")).Single(p => p["id"]!.GetValue<Guid>() == pair["id"]!.GetValue<Guid>());
        Assert.Equal("The father confirmed he registered twice, at the gate and inside", merged["reason"]!.GetValue<string>());
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview of your areas" })).ToBeVisibleAsync();
        await ChooseCentreAsync(page, name);
        await Assertions.Expect(page.GetByTestId("people")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        Assert.Equal(1, (await system.Gateway.GetFromJsonAsync<JsonObject>($"api/centers/{centre}/occupancy"))!["people"]!.GetValue<int>());
        // The registration merged away says so on its page, and leads to the one that stands.
        var kept = merged["keptHouseholdId"]!.GetValue<Guid>();
        var mergedAway = kept == first ? second : first;
        await page.GotoAsync($"/#/household/{mergedAway}");
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("This registration was merged into another");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the registration that stands" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/household/{kept}$"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Blankets_ticked_as_handed_over_on_the_distribution_list_move_the_overviews_gap_by_exactly_that_many()
    {
        var name = "Distribution school " + Suffix();
        var centre = await system.Gateway.CreateCenterAsync(name);
        var surname = "Nasser" + Random.Shared.Next(1000, 9999);
        var household = await RegisterAsync(centre, $"Rami {surname}", "رامي", new DateOnly(1985, 5, 5));
        var before = await Eventually.Get(async () =>
        {
            var gaps = await system.Gateway.GetJsonOrNullAsync($"api/needs/gaps?centerId={centre}");
            return gaps?["items"]?.AsArray().FirstOrDefault(i => i!["item"]!.GetValue<string>() == "blanket" && i["gap"]!.GetValue<int>() > 0);
        }, TimeSpan.FromSeconds(30), "Needs to assess the household's blankets");
        var owed = before["gap"]!.GetValue<int>();

        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, coordinator, Accounts.Password, landing: "overview");
        await ChooseCentreAsync(page, name);
        var blanketRow = page.GetByTestId("item-gaps").Locator("tr[data-item='blanket'] td");
        await Assertions.Expect(blanketRow).ToHaveTextAsync([$"{owed}", "0", $"{owed}"]);
        // One household: 100 litres of fuel a month, the season's 400 in the fuel row.
        await Assertions.Expect(page.GetByTestId("item-gaps").Locator("tr[data-item='fuelLitre'] td").First).ToHaveTextAsync("400");
        await Assertions.Expect(page.GetByTestId("fuel-per-month")).ToContainTextAsync("100 litres");

        await page.GetByRole(AriaRole.Link, new() { Name = "Distributions" }).ClickAsync();
        // The overview's own centre picker is on screen until the list replaces it: wait for the list first.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Distribution list", Exact = true })).ToBeVisibleAsync();
        await page.GetByLabel("Reception centre", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = name });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Blankets at {name}" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Item")).ToHaveValueAsync("blanket");
        NoSeriousViolation(await page.RunAxe(), "distribution list");
        await FieldApp.ScreenshotAsync(page, "distributions-en-1280");
        var handOver = page.Locator($"tr:has-text('Rami {surname}')").GetByRole(AriaRole.Button);
        await Assertions.Expect(handOver).ToHaveAccessibleNameAsync(new System.Text.RegularExpressions.Regex($"^Hand over {owed} to .*Rami {surname}"));
        await handOver.ClickAsync();
        await Assertions.Expect(page.GetByText($"Recorded: {owed}")).ToBeVisibleAsync();
        await Assertions.Expect(FieldApp.Waiting(page)).ToHaveTextAsync("Waiting to send: 0", new() { Timeout = 20_000 });

        // Saved as a file only with a reason, which is kept on the audit record with the households listed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save as a file (CSV)" }).ClickAsync();
        await page.GetByLabel("Why this list of names leaves the system").FillAsync("list");
        await page.GetByRole(AriaRole.Button, new() { Name = "Download the list" }).ClickAsync();
        await Assertions.Expect(page.Locator("#export-reason-error")).ToBeVisibleAsync();
        await page.GetByLabel("Why this list of names leaves the system").FillAsync("Blanket distribution at the school gate");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download the list" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($"Rami {surname}", csv);
        Assert.Contains($"\"{owed}\"", csv);
        using var admins = await system.Accounts.AdminAsync();
        var audit = await admins.GetFromJsonAsync<JsonObject>($"api/audit?householdId={household}");
        Assert.Contains(audit!["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "export" && e["detail"]!.GetValue<string>() == "Blanket distribution at the school gate");

        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview of your areas" })).ToBeVisibleAsync();
        await ChooseCentreAsync(page, name);
        await Assertions.Expect(blanketRow).ToHaveTextAsync([$"{owed}", $"{owed}", "0"], new() { Timeout = 15_000 });
        var after = await system.Gateway.GetJsonOrNullAsync($"api/needs/gaps?centerId={centre}");
        var blankets = after!["items"]!.AsArray().Single(i => i!["item"]!.GetValue<string>() == "blanket")!;
        Assert.Equal(owed, blankets["delivered"]!.GetValue<int>());
        Assert.Equal(0, blankets["gap"]!.GetValue<int>());
        await context.CloseAsync();
    }

    [Fact]
    public async Task The_priority_list_puts_an_unaccompanied_child_first_with_its_reasons_and_filters_by_specific_need()
    {
        var name = "Priority school " + Suffix();
        var centre = await system.Gateway.CreateCenterAsync(name);
        var surname = "Haddad" + Random.Shared.Next(1000, 9999);
        await RegisterAsync(centre, $"Karim {surname}", "كريم", new DateOnly(1980, 3, 3));
        var child = Guid.NewGuid();
        using (var response = await system.Gateway.PutAsJsonAsync($"api/households/{child}", new
        {
            centerId = centre, arrivedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            members = new[] { new { sex = "female", dateOfBirth = Api.Born(13), dateOfBirthEstimated = true, relationship = "head", nameLatin = $"Layla {surname}", specificNeeds = new[] { "UAC" } } },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        await Eventually.True(async () => (await system.Gateway.GetJsonOrNullAsync($"api/needs/households?centerId={centre}"))?["items"]?.AsArray().Count == 2,
            TimeSpan.FromSeconds(30), "Needs to assess both households");

        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, coordinator, Accounts.Password, landing: "overview");
        await page.GetByRole(AriaRole.Link, new() { Name = "Priorities" }).ClickAsync();
        await page.GetByLabel("Reception centre", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = name });
        var rows = page.Locator("ol.cards > li");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.First).ToContainTextAsync($"Layla {surname}");
        await Assertions.Expect(rows.First).ToContainTextAsync("Urgent referral");
        // A reason opens to its rule, its rule set version and the facts it used.
        await rows.First.Locator("summary").First.ClickAsync();
        await Assertions.Expect(rows.First.Locator("details[open] dl")).ToContainTextAsync("Rule set");
        NoSeriousViolation(await page.RunAxe(), "priorities");
        await FieldApp.ScreenshotAsync(page, "priorities-en-1280");

        await page.GetByLabel("Specific needs").SelectOptionAsync("UAC");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await rows.First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Needs and priority" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Received" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Nothing recorded as received yet.")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_raises_a_cold_weather_alert_and_a_refused_rule_change_is_named_at_its_field_and_nothing_is_published()
    {
        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var before = (await system.Gateway.GetFromJsonAsync<JsonObject>("api/needs/rulesets"))!["current"]!["version"]!.GetValue<string>();
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, coordinator, Accounts.Password, landing: "overview");
        await page.GetByRole(AriaRole.Link, new() { Name = "Alerts and rules" }).ClickAsync();

        // An alert for a district no other test uses, so no other household's priority moves.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Area", Exact = true }).FillAsync("SY0803");
        await page.GetByLabel("Forecast minimum (°C)").FillAsync("-100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise the alert" }).ClickAsync();
        await Assertions.Expect(page.Locator("#minimumTemperatureC-error")).ToBeVisibleAsync();
        await page.GetByLabel("Forecast minimum (°C)").FillAsync("-9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise the alert" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Alert raised" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("ul.cards li", new() { HasText = "SY0803" }).First).ToContainTextAsync("-9");

        // A coordinator sets their areas' winter season, not another area's: refused at the field, with the reason.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add an area's season" }).ClickAsync();
        var season = page.GetByRole(AriaRole.Region, new() { Name = "Winter season by area" }).GetByRole(AriaRole.Row).Last;
        await season.GetByRole(AriaRole.Textbox).FillAsync("SY02");
        await page.GetByLabel("Why this change").FillAsync("Earlier winter in the west");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish a new version" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "outside your areas" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table [aria-invalid='true']")).ToHaveCountAsync(1);
        // The numbers hold for every area: shown to a coordinator, not changeable.
        await Assertions.Expect(page.GetByLabel("Blankets per person", new() { Exact = true })).ToHaveAttributeAsync("readonly", "");
        NoSeriousViolation(await page.RunAxe(), "alerts and rules with errors");
        await FieldApp.ScreenshotAsync(page, "rules-refused-en-1280");

        // An administrator changes the numbers; one out of range is refused at its field.
        var (_, admin) = await system.Accounts.CreateUserAsync(["admin"]);
        var (adminContext, adminPage) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(adminPage, admin, Accounts.Password, landing: "users");
        await adminPage.GetByRole(AriaRole.Link, new() { Name = "Alerts and rules" }).ClickAsync();
        await adminPage.GetByLabel("Blankets per person", new() { Exact = true }).FillAsync("1000");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Publish a new version" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByLabel("Blankets per person", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(adminPage.Locator("[id='rules.blanketsPerPerson-error']")).ToBeVisibleAsync();
        await adminContext.CloseAsync();
        Assert.Equal(before, (await system.Gateway.GetFromJsonAsync<JsonObject>("api/needs/rulesets"))!["current"]!["version"]!.GetValue<string>());
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_subscribes_a_donor_previews_the_report_sends_it_and_sees_each_recipients_delivery()
    {
        var organisation = "Screen fund " + Suffix();
        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, coordinator, Accounts.Password, landing: "overview");
        await page.GetByRole(AriaRole.Link, new() { Name = "Donor subscriptions" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New subscription" }).ClickAsync();
        await page.GetByLabel("Organisation (donors)").FillAsync(organisation);
        await page.GetByLabel("E-mail addresses (one per line)").FillAsync("first@fund.example\nnot-an-address");
        await page.GetByLabel("Areas (codes").FillAsync("SY0800");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#emails-error")).ToBeVisibleAsync();
        await page.GetByLabel("E-mail addresses (one per line)").FillAsync("first@fund.example\nsecond@fund.example");
        await page.GetByLabel("Webhook address (optional)").FillAsync("http://127.0.0.1:9/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        // The webhook's secret, once.
        await Assertions.Expect(page.GetByTestId("webhook-secret")).Not.ToBeEmptyAsync();
        var item = page.Locator("ul.cards > li", new() { HasText = organisation });
        await Assertions.Expect(item).ToContainTextAsync("SY0800");

        var preview = await page.Context.RunAndWaitForPageAsync(() => item.GetByRole(AriaRole.Link, new() { Name = $"Preview: {organisation}" }).ClickAsync());
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "Key figures" })).ToBeVisibleAsync();
        var subscription = (await system.Gateway.GetFromJsonAsync<JsonArray>("api/reports/subscriptions"))!.OfType<JsonObject>().Single(x => x["organisation"]!.GetValue<string>() == organisation);
        Assert.Empty((await system.Gateway.GetFromJsonAsync<JsonArray>($"api/reports?subscriptionId={subscription["id"]}"))!);

        await item.GetByRole(AriaRole.Button, new() { Name = $"Reports and deliveries: {organisation}" }).ClickAsync();
        await item.GetByRole(AriaRole.Button, new() { Name = "Build and send now" }).ClickAsync();
        await Assertions.Expect(item.Locator("tr[data-recipient='first@fund.example']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(item.Locator("tr[data-recipient='second@fund.example']")).ToBeVisibleAsync();
        await Assertions.Expect(item.Locator("tr[data-recipient='first@fund.example']")).ToContainTextAsync("Sent", new() { Timeout = 30_000 });
        NoSeriousViolation(await page.RunAxe(), "subscriptions with deliveries");
        await FieldApp.ScreenshotAsync(page, "subscriptions-en-1280");
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_opens_a_centre_with_what_is_missing_named_and_closes_it()
    {
        var (_, admin) = await system.Accounts.CreateUserAsync(["admin"]);
        var (context, page) = await App.PhoneAsync();
        await FieldApp.SignInAsync(page, admin, Accounts.Password, landing: "users");
        await page.GetByRole(AriaRole.Link, new() { Name = "Centres" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Open a centre" }).ClickAsync();
        var name = "Screen school " + Suffix();
        await page.GetByLabel("Name (Latin script)").FillAsync(name);
        await page.GetByLabel("Places at night").FillAsync("80");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#floorAreaM2-error")).ToBeVisibleAsync();
        NoSeriousViolation(await page.RunAxe(), "centre form with errors");
        await page.GetByLabel("Covered floor area (m²)").FillAsync("300");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Open");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Close: {name}" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Closed");
        using var admins = await system.Accounts.AdminAsync();
        var centres = await admins.GetFromJsonAsync<JsonArray>("api/centers");
        Assert.Equal("closed", centres!.OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == name)["status"]!.GetValue<string>());
        await context.CloseAsync();
    }

    /// <summary>Presses Tab until the element has the focus, as a person without a mouse moves through the page.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < 80; i++)
        {
            if (await target.EvaluateAsync<bool>("el => el === document.activeElement")) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {target}");
    }

    [Fact]
    public async Task A_coordinator_reviews_and_dismisses_a_possible_duplicate_with_the_keyboard_alone()
    {
        var centre = await system.Gateway.CreateCenterAsync("Keyboard school " + Suffix());
        var surname = "Sabbagh" + Random.Shared.Next(1000, 9999);
        var first = await RegisterAsync(centre, $"Yusuf {surname}", "يوسف", new DateOnly(1991, 6, 6));
        var second = await RegisterAsync(centre, $"Youssef {surname}", "يوسف", new DateOnly(1991, 6, 6));
        var pair = await Eventually.Get(async () => (await system.Gateway.DuplicatesAsync())
                .FirstOrDefault(p => new[] { p["first"]?["id"]?.GetValue<Guid>(), p["second"]?["id"]?.GetValue<Guid>() }.ToHashSet().SetEquals([first, second])),
            TimeSpan.FromSeconds(30), "the pair to be proposed");
        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, coordinator, Accounts.Password, landing: "overview");

        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Possible duplicates" }));
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, page.Locator($"a[href='#/duplicates/{pair!["id"]}']"));
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, page.GetByLabel("Reason"));
        await page.Keyboard.TypeAsync("Cousins: different fathers");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Dismiss: different families" }));
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Dismissed" })).ToBeVisibleAsync();
        var dismissed = (await system.Gateway.DuplicatesAsync("status=dismissed")).Single(p => p["id"]!.GetValue<Guid>() == pair["id"]!.GetValue<Guid>());
        Assert.Equal("Cousins: different fathers", dismissed["reason"]!.GetValue<string>());
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_coordinator_of_another_area_sees_none_of_this_areas_centres_duplicates_reports_or_subscriptions()
    {
        var name = "Hidden school " + Suffix();
        var centre = await system.Gateway.CreateCenterAsync(name);
        var surname = "Qasim" + Random.Shared.Next(1000, 9999);
        await RegisterAsync(centre, $"Omar {surname}", "عمر", new DateOnly(1970, 1, 1));
        await RegisterAsync(centre, $"Umar {surname}", "عمر", new DateOnly(1970, 1, 1));
        var organisation = "Hasakah fund " + Suffix();
        using var created = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation, emails = new[] { "h@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", areas = new[] { "SY0800" } });
        var subscription = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{subscription["id"]}/run", null);
        var report = (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        var (_, elsewhere) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY02"]);
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, elsewhere, Accounts.Password, landing: "overview");
        await Assertions.Expect(page.GetByText("No centre here.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId($"centre-{centre}")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Reception centre", new() { Exact = true }).Locator("option", new() { HasText = name })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Possible duplicates" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No possible duplicate waits in your areas.")).ToBeVisibleAsync();
        Assert.DoesNotContain(surname, await page.Locator("main").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Situation reports" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"a[href*='{report}']")).ToHaveCountAsync(0);
        // Nor by address.
        var direct = await page.EvaluateAsync<int>($"async () => (await fetch('/bff/documents/reports/{report}.html')).status");
        Assert.Equal(404, direct);
        await page.GetByRole(AriaRole.Link, new() { Name = "Donor subscriptions" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No subscription in your areas yet.")).ToBeVisibleAsync();
        Assert.DoesNotContain(organisation, await page.Locator("main").InnerTextAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_donor_sees_only_their_organisations_reports_and_opens_one_as_a_page_and_as_pdf()
    {
        var organisation = "Winter fund " + Suffix();
        var ours = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation, emails = new[] { "w@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", areas = new[] { "SY08" } });
        var theirs = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation = "Other fund " + Suffix(), emails = new[] { "o@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", areas = new[] { "SY08" } });
        async Task<Guid> RunAsync(HttpResponseMessage created)
        {
            var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
            using var run = await system.Gateway.PostAsync($"api/reports/subscriptions/{id}/run", null);
            Assert.True(run.IsSuccessStatusCode, await run.Content.ReadAsStringAsync());
            return (await run.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        }
        var ourReport = await RunAsync(ours);
        var theirReport = await RunAsync(theirs);

        var (_, donor) = await system.Accounts.CreateUserAsync(["donor"], organisation: organisation);
        var (context, page) = await App.PhoneAsync();
        await FieldApp.SignInAsync(page, donor, Accounts.Password, landing: "reports");
        // Reports only: no household page exists for a donor.
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Reports"]);
        await Assertions.Expect(page.Locator($"a[href='/bff/documents/reports/{ourReport}.html']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"a[href*='{theirReport}']")).ToHaveCountAsync(0);
        NoSeriousViolation(await page.RunAxe(), "donor reports");

        var opened = await page.Context.RunAndWaitForPageAsync(() => page.Locator($"a[href='/bff/documents/reports/{ourReport}.html']").ClickAsync());
        await Assertions.Expect(opened.GetByRole(AriaRole.Heading, new() { Name = "Key figures" })).ToBeVisibleAsync();
        await FieldApp.ScreenshotAsync(opened, "donor-report-html-en-360");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"a[href='/bff/documents/reports/{ourReport}.pdf']").ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);

        // Another organisation's report is not theirs, even by address; and household pages do not exist for them.
        Assert.Equal(404, await page.EvaluateAsync<int>($"async () => (await fetch('/bff/documents/reports/{theirReport}.pdf')).status"));
        await page.GotoAsync("/#/households");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/reports$"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_disables_a_user_whose_open_session_stops_working_within_a_minute()
    {
        var centre = await system.Gateway.CreateCenterAsync("Disable school " + Suffix());
        var (_, worker) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);
        var (phone, field) = await App.PhoneAsync();
        await FieldApp.SignInAsync(field, worker, Accounts.Password);
        const string call = "async () => (await fetch('/bff/api/centers', { headers: { 'X-IdpTracker-App': '1' } })).status";
        Assert.Equal(200, await field.EvaluateAsync<int>(call));

        var (_, admin) = await system.Accounts.CreateUserAsync(["admin"]);
        var (desk, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, admin, Accounts.Password, landing: "users");
        var row = page.Locator($"tr[data-user='{worker}']");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Disable: {worker}" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Disabled");
        var disabled = DateTime.UtcNow;

        await Eventually.True(async () => await field.EvaluateAsync<int>(call) == 401, TimeSpan.FromSeconds(65), "the disabled user's session to stop working");
        Assert.True(DateTime.UtcNow - disabled < TimeSpan.FromMinutes(1.1), $"stopped after {(DateTime.UtcNow - disabled).TotalSeconds:0} s");
        await phone.CloseAsync();
        await desk.CloseAsync();
    }

    [Fact]
    public async Task An_administrator_creates_a_user_and_what_is_missing_is_named_at_its_field()
    {
        var centreName = "Admin school " + Suffix();
        var centre = await system.Gateway.CreateCenterAsync(centreName);
        var (_, admin) = await system.Accounts.CreateUserAsync(["admin"]);
        var (context, page) = await App.PhoneAsync();
        await FieldApp.SignInAsync(page, admin, Accounts.Password, landing: "users");
        var userName = $"new-{Suffix()}@e2e.test";
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a user" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password (at least 12 characters)").FillAsync(Accounts.Password);
        await page.GetByLabel("Field worker").CheckAsync();
        // A field worker with no centre: refused, the reason beside the centres, nothing created.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#centres-error")).ToBeVisibleAsync();
        NoSeriousViolation(await page.RunAxe(), "user form with errors");
        await FieldApp.ScreenshotAsync(page, "user-form-refused-en-360");
        using var admins = await system.Accounts.AdminAsync();
        Assert.DoesNotContain((await admins.GetFromJsonAsync<JsonArray>("api/admin/users"))!, u => u!["userName"]!.GetValue<string>() == userName);

        await page.GetByRole(AriaRole.Group, new() { Name = "Centres (field workers)" }).GetByLabel(centreName).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-user='{userName}']")).ToContainTextAsync("Field worker");
        var created = (await admins.GetFromJsonAsync<JsonArray>("api/admin/users"))!.OfType<JsonObject>().Single(u => u["userName"]!.GetValue<string>() == userName);
        Assert.Contains(centre, created["centres"]!.AsArray().Select(c => c!.GetValue<Guid>()));
        await context.CloseAsync();
    }

    [Fact]
    public async Task Every_coordinator_donor_and_administrator_page_in_every_language_has_no_serious_accessibility_violation_and_is_photographed()
    {
        var organisation = "Photo fund " + Suffix();
        var subscription = await system.Gateway.PostAsJsonAsync("api/reports/subscriptions",
            new { organisation, emails = new[] { "p@fund.example" }, cron = "0 8 * * 1", timeZone = "Asia/Damascus", areas = new[] { "SY08" } });
        var subscriptionId = (await subscription.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        (await system.Gateway.PostAsync($"api/reports/subscriptions/{subscriptionId}/run", null)).EnsureSuccessStatusCode();
        var people = new (string Role, string Landing, string[] Pages, string Account)[]
        {
            ("coordinator", "overview", ["overview", "priorities", "distributions", "duplicates", "rules", "reports", "subscriptions", "centres"], (await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"])).UserName),
            ("admin", "users", ["users", "centres"], (await system.Accounts.CreateUserAsync(["admin"])).UserName),
            ("donor", "reports", ["reports"], (await system.Accounts.CreateUserAsync(["donor"], organisation: organisation)).UserName),
        };
        var problems = new List<string>();
        foreach (var width in new[] { 360, 1280 })
        {
            foreach (var (role, landing, pages, account) in people)
            {
                var (context, page) = await App.PhoneAsync(width, width == 360 ? 780 : 900);
                await FieldApp.SignInAsync(page, account, Accounts.Password, landing);
                foreach (var language in new[] { "en", "ar", "ku" })
                {
                    await page.EvaluateAsync("lang => localStorage.setItem('idp.lang', lang)", language);
                    foreach (var name in pages)
                    {
                        await page.GotoAsync($"/#/{name}");
                        await page.ReloadAsync();
                        await Assertions.Expect(page.Locator("main h2").First).ToBeVisibleAsync();
                        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                        if (name == "overview") await Assertions.Expect(page.GetByTestId("people")).ToBeVisibleAsync(new() { Timeout = 15_000 });
                        var result = await page.RunAxe();
                        problems.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical")
                            .Select(v => $"{role} {name} {language} {width}px: {v.Id} {v.Nodes.FirstOrDefault()?.Html}"));
                        if (language != "ku") await FieldApp.ScreenshotAsync(page, $"{name}-{role}-{language}-{width}");
                    }
                }
                await context.CloseAsync();
            }
        }
        Assert.Empty(problems);
    }
}
