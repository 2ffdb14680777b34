using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// Sign-in of a public client (the phone app "idp-field") as a browser goes through it: authorization code with PKCE.
/// The web app's own sign-in, through its server side, is in Browser/FieldAppTests.
/// </summary>
[Collection(nameof(SystemCollection))]
public partial class SignInTests(SystemFixture system)
{
    private const string RedirectUri = "org.idptracker.field:/signed-in";

    private HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = system.Services["Gateway"].BaseAddress,
    };

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Follows the browser from the app's authorize link through the login page to the code; returns the code.</summary>
    private async Task<string> SignInAsync(HttpClient browser, string userName, string password, string challenge, string state)
    {
        var authorize = $"connect/authorize?client_id=idp-field&response_type=code&scope=offline_access&state={state}" +
                        $"&redirect_uri={Uri.EscapeDataString(RedirectUri)}&code_challenge={challenge}&code_challenge_method=S256";
        using var first = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        // The browser is sent to the login page at the gateway's public address, never to Identity's own.
        var loginAddress = new Uri(browser.BaseAddress!, first.Headers.Location!);
        Assert.Equal(browser.BaseAddress!.Authority, loginAddress.Authority);
        var loginPage = await browser.GetStringAsync(first.Headers.Location!.PathAndQuery.TrimStart('/'));
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden().Match(loginPage).Groups[1].Value,
            ["returnUrl"] = WebUtility.HtmlDecode(ReturnUrl().Match(loginPage).Groups[1].Value),
            ["userName"] = userName,
            ["password"] = password,
        };
        using var login = await browser.PostAsync("account/login", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var back = await browser.GetAsync(login.Headers.Location!.OriginalString.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var callback = back.Headers.Location!;
        Assert.StartsWith(RedirectUri, callback.OriginalString, StringComparison.Ordinal);
        Assert.Contains($"state={state}", callback.Query, StringComparison.Ordinal);
        return Regex.Match(callback.Query, "code=([^&]+)").Groups[1].Value;
    }

    [Fact]
    public async Task A_plain_pkce_challenge_is_refused_before_the_login_page()
    {
        using var browser = Browser();
        var (verifier, _) = Pkce();

        using var response = await browser.GetAsync($"connect/authorize?client_id=idp-field&response_type=code&scope=offline_access&state=plain" +
                                                     $"&redirect_uri={Uri.EscapeDataString(RedirectUri)}&code_challenge={verifier}&code_challenge_method=plain");

        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.DoesNotContain("account/login", location, StringComparison.Ordinal);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest || location.Contains("error=invalid_request", StringComparison.Ordinal),
            $"{(int)response.StatusCode} {location}");
    }

    private async Task<HttpResponseMessage> ExchangeAsync(string code, string verifier)
    {
        using var http = new HttpClient { BaseAddress = system.Services["Gateway"].BaseAddress };
        return await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = "idp-field", ["code"] = Uri.UnescapeDataString(code),
            ["redirect_uri"] = RedirectUri, ["code_verifier"] = verifier,
        }));
    }

    [Fact]
    public async Task A_coordinator_signs_in_on_the_login_page_and_the_app_gets_tokens_for_the_code()
    {
        var (_, userName) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        using var browser = Browser();
        var (verifier, challenge) = Pkce();

        var code = await SignInAsync(browser, userName, Accounts.Password, challenge, "s1");
        using var exchange = await ExchangeAsync(code, verifier);

        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var tokens = await exchange.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(tokens!["refresh_token"]);
        using var api = system.Accounts.Client(tokens["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/duplicates")).StatusCode);
    }

    [Fact]
    public async Task A_code_is_worthless_without_the_apps_own_verifier()
    {
        var (_, userName) = await system.Accounts.CreateUserAsync(["donor"], organisation: "PKCE fund");
        using var browser = Browser();
        var (_, challenge) = Pkce();

        var code = await SignInAsync(browser, userName, Accounts.Password, challenge, "s2");
        using var stolen = await ExchangeAsync(code, Pkce().Verifier);

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_on_the_login_page_says_so_and_signs_nobody_in()
    {
        var (_, userName) = await system.Accounts.CreateUserAsync(["donor"], organisation: "Login fund");
        using var browser = Browser();
        var page = await browser.GetStringAsync("account/login?returnUrl=%2Fconnect%2Fauthorize");

        using var login = await browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Hidden().Match(page).Groups[1].Value, ["returnUrl"] = "/connect/authorize",
            ["userName"] = userName, ["password"] = "not my password at all",
        }));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("user name or password is wrong", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_form_refuses_a_post_without_its_antiforgery_token()
    {
        var (_, userName) = await system.Accounts.CreateUserAsync(["donor"], organisation: "Forgery fund");
        using var browser = Browser();

        using var login = await browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = "/connect/authorize", ["userName"] = userName, ["password"] = Accounts.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Hidden();

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrl();
}
