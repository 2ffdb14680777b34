using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace IdpTracker.EndToEnd.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright through its executable path (no browser is downloaded), and the field app as
/// a person uses it: by the labels and texts they read, not by the page's inner structure.
/// </summary>
public sealed class FieldApp : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    public IBrowser Browser { get; }
    public Uri Gateway { get; }

    /// <summary>Where the screenshots go; the test run prints it.</summary>
    public static readonly string ScreenshotFolder = Path.Combine(IdpTracker.Testing.TestServers.RepoRoot, ".idp", "test", "screenshots");

    private FieldApp(IPlaywright playwright, IBrowser browser, Uri gateway)
    {
        _playwright = playwright;
        Browser = browser;
        Gateway = gateway;
    }

    public static async Task<FieldApp> LaunchAsync(Uri gateway)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("IDP_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            // As root and on a machine with no internet: no sandbox, and none of Chromium's own calls home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        return new FieldApp(playwright, browser, gateway);
    }

    /// <summary>A phone's browser: 360 px wide unless told, with its own storage (IndexedDB, service worker, cookies).</summary>
    public async Task<(IBrowserContext Context, IPage Page)> PhoneAsync(int width = 360, int height = 780)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Gateway.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ServiceWorkers = ServiceWorkerPolicy.Allow,
            Locale = "en-GB",
        });
        var page = await context.NewPageAsync();
        return (context, page);
    }

    /// <summary>
    /// Opens the app, signs in on Identity's login page and waits for the person's first page: the registration form
    /// for a field worker, the overview for a coordinator, the users for an administrator, the reports for a donor.
    /// </summary>
    public static async Task SignInAsync(IPage page, string userName, string password, string landing = "register")
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The app takes the person to their first page by changing the address's fragment, possibly while the page is
        // still loading: the address is watched, not a navigation's load event.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"#/{landing}$"), new() { Timeout = 30_000 });
    }

    /// <summary>Waits until the service worker controls the page, so the app opens with the network cut.</summary>
    public static Task WaitForOfflineCopyAsync(IPage page) =>
        page.WaitForFunctionAsync("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null", null, new() { Timeout = 30_000 });

    public static ILocator Waiting(IPage page) => page.GetByTestId("waiting");

    /// <summary>
    /// The line under a family's name on its page: whether it is sent, and its version. The list of versions further
    /// down repeats "Version N" once it has loaded from the server, so a test reads this line rather than any text.
    /// </summary>
    public static ILocator RecordState(IPage page) => page.Locator("#household-title + p");

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
