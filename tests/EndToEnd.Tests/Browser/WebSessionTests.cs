using IdpTracker.Testing;
using Microsoft.Playwright;
using Npgsql;

namespace IdpTracker.EndToEnd.Tests.Browser;

/// <summary>The web app's session as a field worker lives it: a week offline, then back; and sign-in that goes nowhere else.</summary>
[Collection(nameof(SystemCollection))]
public sealed class WebSessionTests(SystemFixture system) : BrowserTests(system.Services["Gateway"].BaseAddress)
{

    private static async Task<(DateTime AccessExpires, string AccessCipher)> SessionAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestServers.ConnectionString(SystemFixture.Database("Web"), TestServers.PostgresPort));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql + " RETURNING access_token_expires_at, access_token_cipher", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no session row");
        return (reader.GetDateTime(0), reader.GetString(1));
    }

    [Fact]
    public async Task A_session_unused_for_a_week_renews_its_expired_access_token_and_reaches_the_api()
    {
        var centre = await system.Gateway.CreateCenterAsync("Week offline school " + Guid.NewGuid().ToString("N")[..6]);
        var (subject, userName) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);
        var (context, page) = await App.PhoneAsync();
        await FieldApp.SignInAsync(page, userName, Accounts.Password);

        // The phone was last heard of seven days ago: its access token long expired, the session half way through its
        // life. (Identity's side, a refresh token that lives 14 days and is renewed on each use, is its configuration.)
        var before = await SessionAsync($"""
            UPDATE sessions SET access_token_expires_at = now() - interval '7 days', last_used_at = now() - interval '7 days',
                expires_at = now() + interval '7 days' WHERE subject = '{subject}'
            """);

        var centres = await page.APIRequest.GetAsync("/bff/api/centers", new() { Headers = new Dictionary<string, string> { ["X-IdpTracker-App"] = "1" } });

        Assert.Equal(200, centres.Status);
        Assert.Contains(centre.ToString(), await centres.TextAsync(), StringComparison.Ordinal);
        var after = await SessionAsync($"UPDATE sessions SET subject = subject WHERE subject = '{subject}'");
        Assert.True(after.AccessExpires > DateTime.UtcNow, $"access token still expires at {after.AccessExpires:O}");
        Assert.NotEqual(before.AccessCipher, after.AccessCipher);
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("/\t/evil.example/phish")]
    public async Task Sign_in_returns_to_the_app_and_never_to_another_site(string returnUrl)
    {
        var (_, userName) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var (context, page) = await App.PhoneAsync();

        await page.GotoAsync("/bff/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Equal(new Uri(system.Services["Gateway"].BaseAddress, "/").GetLeftPart(UriPartial.Authority), new Uri(page.Url).GetLeftPart(UriPartial.Authority));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview of your areas" })).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    [Theory]
    [InlineData("ar", "rtl", "اسم المستخدم", "تسجيل الدخول", "كلمة المرور غير صحيحة")]
    [InlineData("ku", "ltr", "Navê bikarhêner", "Têkeve", "şîfre şaş e")]
    public async Task The_login_page_speaks_the_apps_language(string language, string direction, string userName, string button, string refused)
    {
        var (context, page) = await App.PhoneAsync();

        await page.GotoAsync($"/bff/login?returnUrl=/&language={language}");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", direction);
        await Assertions.Expect(page.GetByLabel(userName)).ToBeVisibleAsync();
        await page.GetByLabel(userName).FillAsync("nobody@e2e.test");
        await page.Locator("input[name=password]").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        // A wrong password is said in the same language.
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(refused);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await context.CloseAsync();
    }
}
