using Microsoft.Playwright;

namespace DataLocal.UiTests.Browser;

/// <summary>
/// A browser tab on the namenode's web UI that records what the page did besides drawing: console
/// errors, uncaught exceptions, dialogs (an injected script's alert) and every request it made.
/// </summary>
public sealed class UiPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _origin;
    private readonly List<string> _problems = [];
    private readonly List<string> _requests = [];

    private UiPage(IBrowserContext context, IPage page, string baseUrl)
    {
        _context = context;
        Page = page;
        _origin = new Uri(baseUrl).GetLeftPart(UriPartial.Authority);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Record($"uncaught: {error}");
        page.Dialog += (_, dialog) =>
        {
            Record($"dialog: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            lock (_requests)
            {
                _requests.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public static async Task<UiPage> OpenAsync(IBrowserContext context, string baseUrl) =>
        new(context, await context.NewPageAsync(), baseUrl);

    /// <summary>Opens a hash route (<c>#/jobs</c>) and waits until the page has drawn it.</summary>
    public async Task GoAsync(string route)
    {
        // The script writes the footer after it has drawn a page, so an emptied footer tells when a
        // hash change on an already loaded page has been drawn (a first load starts with it empty).
        if (Page.Url.StartsWith(_origin, StringComparison.Ordinal))
        {
            await Page.EvaluateAsync("() => { document.getElementById('footer').textContent = ''; }");
        }
        await Page.GotoAsync("/" + route);
        await Page.WaitForFunctionAsync("() => document.getElementById('footer')?.textContent !== ''");
    }

    /// <summary>Console errors, uncaught exceptions and dialogs seen so far.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Fails the test with every console error, uncaught exception and dialog seen, if any was.</summary>
    public void AssertNoProblems()
    {
        var problems = Problems;
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Requests made to anywhere but the namenode that served the page.</summary>
    public IReadOnlyList<string> ForeignRequests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests.Where(url => !url.StartsWith(_origin + "/", StringComparison.Ordinal))];
            }
        }
    }

    /// <summary>Every request made so far.</summary>
    public int RequestCount
    {
        get
        {
            lock (_requests)
            {
                return _requests.Count;
            }
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
