using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>
/// Creates users through the admin API and signs them in at /connect/token with the development client,
/// the way the README's script does.
/// </summary>
public sealed class Accounts(Uri gateway, string adminUserName, string adminPassword)
{
    public const string Password = "long enough test passphrase";

    public async Task<JsonObject> TokenAsync(string userName, string password, string? scope = null)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "idp-cli", ["username"] = userName, ["password"] = password,
        };
        if (scope is not null) form["scope"] = scope;
        using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return response.StatusCode == HttpStatusCode.OK ? body! : throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
    }

    public HttpClient Client(string accessToken)
    {
        var client = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>The user id (the token's subject) a client signs in as.</summary>
    public static string Subject(HttpClient client)
    {
        var payload = client.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='));
        return JsonNode.Parse(json)!["sub"]!.GetValue<string>();
    }

    public async Task<HttpClient> AdminAsync() => Client((await TokenAsync(adminUserName, adminPassword))["access_token"]!.GetValue<string>());

    /// <summary>A new user with these roles and assignments; returns its id and user name.</summary>
    public async Task<(string Id, string UserName)> CreateUserAsync(string[] roles, Guid[]? centres = null, string[]? areas = null, string? organisation = null)
    {
        using var admin = await AdminAsync();
        var userName = $"{roles[0]}-{Guid.NewGuid():N}@e2e.test";
        using var response = await admin.PostAsJsonAsync("api/admin/users", new { userName, password = Password, roles, centres, areas, organisation });
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        return (body!["id"]!.GetValue<string>(), userName);
    }

    /// <summary>
    /// A new user's client. Its token is renewed before it runs out (access tokens live 10 minutes), so a client kept
    /// for the whole suite, as the fixture's is, still works when a slow machine makes the suite longer than that.
    /// </summary>
    public async Task<HttpClient> ClientAsync(string[] roles, Guid[]? centres = null, string[]? areas = null, string? organisation = null)
    {
        var (_, userName) = await CreateUserAsync(roles, centres, areas, organisation);
        var renewing = new RenewingToken(() => TokenAsync(userName, Password));
        var client = new HttpClient(renewing) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await renewing.CurrentAsync());
        return client;
    }

    /// <summary>Puts a fresh token in place of one this client was given, and leaves any other a test sets alone.</summary>
    private sealed class RenewingToken(Func<Task<JsonObject>> signIn) : DelegatingHandler(new HttpClientHandler())
    {
        private readonly SemaphoreSlim _lock = new(1, 1);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _issued = new();
        private string _token = "";
        private DateTimeOffset _renewAt;

        public async Task<string> CurrentAsync()
        {
            await _lock.WaitAsync();
            try
            {
                if (DateTimeOffset.UtcNow >= _renewAt)
                {
                    var body = await signIn();
                    _token = body["access_token"]!.GetValue<string>();
                    _issued[_token] = true;
                    _renewAt = DateTimeOffset.UtcNow.AddSeconds(body["expires_in"]!.GetValue<int>() / 2.0);
                }
                return _token;
            }
            finally
            {
                _lock.Release();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } token } && _issued.ContainsKey(token))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await CurrentAsync());
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
