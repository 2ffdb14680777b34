using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IdpTracker.Testing;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class IdentityTests(SystemFixture system)
{
    private HttpClient Anonymous() => new() { BaseAddress = system.Services["Gateway"].BaseAddress };

    private async Task<HttpResponseMessage> TokenRequestAsync(Dictionary<string, string> form)
    {
        using var http = Anonymous();
        return await http.PostAsync("connect/token", new FormUrlEncodedContent(form));
    }

    private static Dictionary<string, string> Password(string userName, string password, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "password", ["client_id"] = "idp-cli", ["username"] = userName, ["password"] = password };
        if (scope is not null) form["scope"] = scope;
        return form;
    }

    private static Dictionary<string, string> Refresh(string refreshToken) =>
        new() { ["grant_type"] = "refresh_token", ["client_id"] = "idp-cli", ["refresh_token"] = refreshToken };

    [Fact]
    public async Task A_disabled_users_token_stops_working_everywhere_within_a_minute_and_cannot_be_refreshed()
    {
        var centre = await system.Gateway.CreateCenterAsync("Identity school 1");
        var (id, userName) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);
        var tokens = await system.Accounts.TokenAsync(userName, Accounts.Password, scope: "offline_access");
        using var worker = system.Accounts.Client(tokens["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync($"api/centers/{centre}")).StatusCode);

        using var admin = await system.Accounts.AdminAsync();
        using var disable = await admin.PostAsync($"api/admin/users/{id}/disable", null);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        await Eventually.True(async () => (await worker.GetAsync($"api/centers/{centre}")).StatusCode == HttpStatusCode.Unauthorized
                                          && (await worker.GetAsync($"api/needs/centers/{centre}")).StatusCode == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(60), "the disabled user's token to be refused by Registration and Needs");
        using var refreshed = await TokenRequestAsync(Refresh(tokens["refresh_token"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.StatusCode);
        using var signIn = await TokenRequestAsync(Password(userName, Accounts.Password));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_used_one_is_refused_after_the_retry_leeway()
    {
        var (_, userName) = await system.Accounts.CreateUserAsync(["coordinator"], areas: ["SY08"]);
        var first = await system.Accounts.TokenAsync(userName, Accounts.Password, scope: "offline_access");
        var used = first["refresh_token"]!.GetValue<string>();

        using var second = await TokenRequestAsync(Refresh(used));
        var body = await second.Content.ReadFromJsonAsync<JsonObject>();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the suite's leeway for a retry after a lost answer is 2 s
        using var replay = await TokenRequestAsync(Refresh(used));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(used, body!["refresh_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        using var client = system.Accounts.Client(body["access_token"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/duplicates")).StatusCode);
    }

    [Fact]
    public async Task A_device_that_signs_out_revokes_its_refresh_token()
    {
        var centre = await system.Gateway.CreateCenterAsync("Identity school 3");
        var (_, userName) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);
        var refreshToken = (await system.Accounts.TokenAsync(userName, Accounts.Password, scope: "offline_access"))["refresh_token"]!.GetValue<string>();

        using var revoke = await TokenEndpointAsync("connect/revoke", new() { ["client_id"] = "idp-cli", ["token"] = refreshToken, ["token_type_hint"] = "refresh_token" });
        using var refreshed = await TokenRequestAsync(Refresh(refreshToken));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refreshed.StatusCode);
    }

    private async Task<HttpResponseMessage> TokenEndpointAsync(string path, Dictionary<string, string> form)
    {
        using var http = Anonymous();
        return await http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Wrong_passwords_make_the_account_wait_but_never_cut_off_the_phones_refresh_token()
    {
        var (_, userName) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [Guid.NewGuid()]);
        var phone = await system.Accounts.TokenAsync(userName, Accounts.Password, scope: "offline_access");
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var wrong = await TokenRequestAsync(Password(userName, "not the password at all"));
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        using var right = await TokenRequestAsync(Password(userName, Accounts.Password));
        using var unknown = await TokenRequestAsync(Password($"nobody-{Guid.NewGuid():N}@e2e.test", Accounts.Password));
        using var refreshed = await TokenRequestAsync(Refresh(phone["refresh_token"]!.GetValue<string>()));

        // The attacker's guesses, even the right password now, are refused, with the answer an unknown name gets.
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        var refusal = (await right.Content.ReadFromJsonAsync<JsonObject>())!["error_description"]!.GetValue<string>();
        Assert.Equal((await unknown.Content.ReadFromJsonAsync<JsonObject>())!["error_description"]!.GetValue<string>(), refusal);
        Assert.DoesNotContain("locked", refusal, StringComparison.OrdinalIgnoreCase);
        // The phone keeps working.
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Theory]
    [InlineData("short pass")]
    [InlineData("Password1234!")]
    [InlineData("1qaz2wsx3edc4rfv")]
    [InlineData("iloveyou12345")]
    [InlineData("trustno1trustno1")]
    [InlineData("Welcome2024!!")]
    [InlineData("flvbybcnhfnjh")] // near the end of the 10,000 most common
    [InlineData("qweasdzxc123")]
    [InlineData("password1234")]
    [InlineData("aaaaaaaaaaaaaaaa")]
    public async Task A_weak_password_is_refused_naming_the_field(string password)
    {
        using var admin = await system.Accounts.AdminAsync();

        using var response = await admin.PostAsJsonAsync("api/admin/users", new
        {
            userName = $"weak-{Guid.NewGuid():N}@e2e.test", password, roles = new[] { "donor" }, organisation = "Weak fund",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(problem!["errors"]!["password"]);
    }

    [Fact]
    public async Task A_field_worker_without_a_centre_is_refused_naming_the_field()
    {
        using var admin = await system.Accounts.AdminAsync();

        using var response = await admin.PostAsJsonAsync("api/admin/users", new
        {
            userName = $"nocentre-{Guid.NewGuid():N}@e2e.test", password = Accounts.Password, roles = new[] { "field_worker" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["centres"]);
    }

    [Fact]
    public async Task An_access_token_carries_roles_and_assignments_but_no_name_or_address()
    {
        var centre = await system.Gateway.CreateCenterAsync("Identity school 2");
        var (id, userName) = await system.Accounts.CreateUserAsync(["field_worker"], centres: [centre]);

        var token = (await system.Accounts.TokenAsync(userName, Accounts.Password))["access_token"]!.GetValue<string>();
        var payload = token.Split('.')[1];
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')
            .Replace('-', '+').Replace('_', '/'))))!.AsObject();

        Assert.Equal(id, claims["sub"]!.GetValue<string>());
        Assert.Equal("field_worker", claims["role"]!.GetValue<string>());
        Assert.Equal(centre.ToString(), claims["centre"]!.GetValue<string>());
        Assert.DoesNotContain(userName, claims.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_system_signs_in_with_client_credentials_and_reads_no_personal_data()
    {
        using var response = await TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "e2e-exporter", ["client_secret"] = SystemFixture.ServiceClientSecret,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var service = system.Accounts.Client((await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Forbidden, (await service.GetAsync("api/households")).StatusCode);
        using var wrongSecret = await TokenRequestAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "e2e-exporter", ["client_secret"] = "guessed",
        });
        Assert.NotEqual(HttpStatusCode.OK, wrongSecret.StatusCode);
    }

    [Fact]
    public async Task Only_administrators_manage_users()
    {
        using var coordinator = await system.Accounts.ClientAsync(["coordinator"], areas: ["SY08"]);

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("api/admin/users")).StatusCode);
        using var admin = await system.Accounts.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("api/admin/users")).StatusCode);
    }
}
