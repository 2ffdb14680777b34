namespace IdpTracker.EndToEnd.Tests.Browser;

/// <summary>A test class that drives the app in its own Chromium, launched before each test and closed after it.</summary>
public abstract class BrowserTests(Uri gateway) : IAsyncLifetime
{
    protected FieldApp App { get; private set; } = null!;

    public virtual async Task InitializeAsync() => App = await FieldApp.LaunchAsync(gateway);

    public async Task DisposeAsync() => await App.DisposeAsync();
}
