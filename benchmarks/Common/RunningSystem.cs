using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>What the benchmarks need of a system started by ./idp run: the repository, the demo's accounts, tokens.</summary>
static class RunningSystem
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IdpTracker.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Run from inside the repository.");
    }

    /// <summary>A value of .idp/run/demo-accounts.env or .idp/run/secrets.env.</summary>
    public static string Setting(string root, string file, string name) =>
        File.ReadAllLines(Path.Combine(root, ".idp", "run", file)).Select(l => l.Split('=', 2))
            .First(p => p[0] == name)[1].Trim('"', '\'');
}

/// <summary>The demo coordinator's access token, asked for again before it runs out.</summary>
sealed class Tokens(Uri gateway, string userName, string password)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string> CurrentAsync()
    {
        if (_token is not null && DateTimeOffset.UtcNow < _renewAt) return _token;
        await _lock.WaitAsync();
        try
        {
            if (_token is not null && DateTimeOffset.UtcNow < _renewAt) return _token;
            using var http = new HttpClient { BaseAddress = gateway };
            using var response = await http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = "idp-cli", ["username"] = userName, ["password"] = password,
            }));
            var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in refused: {body}");
            _token = body["access_token"]!.GetValue<string>();
            _renewAt = DateTimeOffset.UtcNow.AddSeconds(body["expires_in"]!.GetValue<int>() / 2.0);
            return _token;
        }
        finally
        {
            _lock.Release();
        }
    }
}
