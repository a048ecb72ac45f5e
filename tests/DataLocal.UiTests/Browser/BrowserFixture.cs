using Microsoft.Playwright;

namespace DataLocal.UiTests.Browser;

/// <summary>One Chromium for all UI tests (a launch costs about a second); each test opens its own context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The running browser; null when <see cref="Chromium.UnavailableReason"/> says why not.</summary>
    public IBrowser? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        if (Chromium.UnavailableReason is not null)
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary>
    /// A page on <paramref name="baseUrl"/> sending <paramref name="token"/> on every request; skips the
    /// calling test when there is no browser.
    /// </summary>
    public async Task<UiPage> OpenAsync(string baseUrl, string token, ViewportSize? viewport = null)
    {
        Skip.If(Browser is null, Chromium.UnavailableReason);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        return await UiPage.OpenAsync(context, baseUrl);
    }
}
