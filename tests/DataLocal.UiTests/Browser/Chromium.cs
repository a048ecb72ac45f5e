using Microsoft.Playwright;

namespace DataLocal.UiTests.Browser;

/// <summary>
/// Debian's Chromium (package chromium), which the UI tests drive instead of a browser Playwright
/// would download: the machine's network is closed, and `.ci/run` installs the package when missing.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Why the UI tests cannot run here, or null when they can.</summary>
    public static string? UnavailableReason { get; } =
        File.Exists(ExecutablePath) ? null : $"no browser: {ExecutablePath} is missing (apt-get install chromium)";

    /// <summary>
    /// Headless and offline: without the background-networking flags Chromium keeps dialling Google's
    /// hosts, which this machine refuses. Playwright gives every launch a fresh, empty user-data-dir.
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        ChromiumSandbox = false,
        Args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    });
}
