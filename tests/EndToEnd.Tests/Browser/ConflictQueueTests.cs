using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace IdpTracker.EndToEnd.Tests.Browser;

/// <summary>The coordinator's conflict queue in the browser: a phone's refused copy beside the stored household, settled.</summary>
[Collection(nameof(SystemCollection))]
public sealed class ConflictQueueTests(SystemFixture system) : BrowserTests(system.Services["Gateway"].BaseAddress)
{

    private static readonly DateTimeOffset Arrived = DateTimeOffset.UtcNow.AddMinutes(-5);

    private static object Household(Guid centre, int? version, string phone) => new
    {
        centerId = centre, arrivedAt = Arrived, version, phone,
        members = new[] { new { sex = "female", dateOfBirth = Api.Born(41), dateOfBirthEstimated = false, relationship = "head", nameLatin = "Amina Darwish" } },
    };

    [Fact]
    public async Task A_coordinator_sees_the_field_both_copies_changed_and_chooses_the_phones_value()
    {
        var centre = await system.Gateway.CreateCenterAsync("Queue school " + Guid.NewGuid().ToString("N")[..6]);
        using var phone = await system.Accounts.ClientAsync(["field_worker"], centres: [centre]);
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await phone.PutAsJsonAsync($"api/households/{id}", Household(centre, null, "+963 944 400 001"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await system.Gateway.PutAsJsonAsync($"api/households/{id}", Household(centre, 1, "+963 944 400 002"))).StatusCode);
        using var refused = await phone.PutAsJsonAsync($"api/households/{id}", Household(centre, 1, "+963 944 400 003"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var conflict = (await refused.Content.ReadFromJsonAsync<JsonObject>())!["conflictId"]!.GetValue<Guid>();

        var (_, coordinator) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var (context, page) = await App.PhoneAsync(1280, 900);
        await FieldApp.SignInAsync(page, coordinator, Accounts.Password, landing: "overview");
        await page.GetByRole(AriaRole.Link, new() { Name = "Conflicts" }).ClickAsync();
        await page.Locator($"a[href='#/conflicts/{conflict}']").ClickAsync();

        var phoneRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Phone" }) });
        await Assertions.Expect(phoneRow).ToContainTextAsync("+963 944 400 003");
        await Assertions.Expect(phoneRow).ToContainTextAsync("+963 944 400 002");
        var violations = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ToList();
        Assert.Empty(violations);
        // Only the phone number was changed on both sides: it is the one choice to make.
        var choice = page.GetByRole(AriaRole.Group, new() { Name = "Phone" });
        await Assertions.Expect(page.Locator("fieldset.choice")).ToHaveCountAsync(1);
        await Assertions.Expect(choice.GetByLabel("Stored: +963 944 400 002")).ToBeCheckedAsync();
        await choice.GetByLabel("The phone's copy: +963 944 400 003").CheckAsync();
        await FieldApp.ScreenshotAsync(page, "conflict-queue-en-1280");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save these choices" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Settled." })).ToBeVisibleAsync();

        var stored = await system.Gateway.GetFromJsonAsync<JsonObject>($"api/households/{id}");
        Assert.Equal(3, stored!["version"]!.GetValue<int>());
        Assert.Equal("+963 944 400 003", stored["phone"]!.GetValue<string>());
        var settled = await system.Gateway.GetFromJsonAsync<JsonArray>("api/households/conflicts?status=merged");
        Assert.Contains(settled!, c => c!["id"]!.GetValue<Guid>() == conflict);

        // The household's page lists every version, the numbers chosen against included, and what each changed.
        await page.GotoAsync($"/#/household/{id}");
        await page.GetByText("Every version (3)").ClickAsync();
        var versions = page.Locator("details[open] ol li");
        await Assertions.Expect(versions).ToHaveCountAsync(3);
        await Assertions.Expect(versions.First).ToContainTextAsync("Version 3 · chosen field by field");
        await Assertions.Expect(versions.First).ToContainTextAsync("Phone");
        await Assertions.Expect(versions.Last).ToContainTextAsync("Version 1 · registered");

        // The list in Arabic is accessible too, and the settled conflict is no longer in it.
        await page.EvaluateAsync("() => localStorage.setItem('idp.lang', 'ar')");
        await page.GotoAsync("/#/conflicts");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "تعارضات بانتظار القرار" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"a[href='#/conflicts/{conflict}']")).ToHaveCountAsync(0);
        Assert.DoesNotContain((await page.RunAxe()).Violations, v => v.Impact is "serious" or "critical");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_field_worker_has_no_conflict_queue()
    {
        var centre = await system.Gateway.CreateCenterAsync("Queue worker school " + Guid.NewGuid().ToString("N")[..6]);
        var (_, worker) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);
        var (context, page) = await App.PhoneAsync();
        await FieldApp.SignInAsync(page, worker, Accounts.Password);

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Conflicts" })).ToHaveCountAsync(0);
        await page.GotoAsync("/#/conflicts");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conflicts to settle" })).ToHaveCountAsync(0);
        await context.CloseAsync();
    }
}
