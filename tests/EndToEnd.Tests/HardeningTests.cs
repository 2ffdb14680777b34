using System.Net;
using System.Text;

namespace IdpTracker.EndToEnd.Tests;

[Collection(nameof(SystemCollection))]
public class HardeningTests(SystemFixture system)
{
    [Fact]
    public async Task Api_responses_are_not_cached_sniffed_or_framed()
    {
        using var response = await system.Gateway.GetAsync("api/centers");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join("", response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Server"), "the server names its software");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_is_read()
    {
        var huge = "{\"name\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/centers") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        // Wait for the server's answer before sending the body, as a careful client does; it answers 413 at once.
        request.Headers.ExpectContinue = true;

        using var response = await system.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Json_nested_deeper_than_any_form_needs_is_a_bad_request_without_a_stack_trace()
    {
        var deep = new string('[', 200) + new string(']', 200);
        var body = "{\"name\":\"Deep\",\"location\":" + deep + "}";

        using var response = await system.Gateway.PostAsync("api/centers", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SystemFixture.WebOrigin, true)]
    [InlineData("http://evil.example", false)]
    public async Task Browsers_may_call_the_api_only_from_the_web_apps_origin(string origin, bool allowed)
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "api/centers");
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var response = await system.Gateway.SendAsync(preflight);

        Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Contains(origin));
    }

    [Fact]
    public async Task The_api_reference_page_loads_nothing_from_the_internet_and_reports_nothing()
    {
        var page = await system.Gateway.GetStringAsync("api-reference");

        Assert.DoesNotContain("fonts.scalar.com", page, StringComparison.Ordinal);
        Assert.Matches("\"telemetry\"\\s*:\\s*false", page);
    }

    [Fact]
    public async Task Identitys_list_of_revoked_users_answers_the_services_only()
    {
        using var direct = new HttpClient { BaseAddress = system.Services["Identity"].BaseAddress };

        using var anonymous = await direct.GetAsync("internal/revocations");
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "internal/revocations") { Headers = { { "X-IdpTracker-Internal-Key", "guess" } } };
        using var guessed = await direct.SendAsync(wrongKey);
        using var service = new HttpRequestMessage(HttpMethod.Get, "internal/revocations") { Headers = { { "X-IdpTracker-Internal-Key", SystemFixture.InternalApiKey } } };
        using var answered = await direct.SendAsync(service);
        using var throughGateway = await system.Gateway.GetAsync("internal/revocations");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, throughGateway.StatusCode);
    }
}
