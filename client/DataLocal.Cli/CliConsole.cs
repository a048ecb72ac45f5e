namespace DataLocal.Cli;

/// <summary>Where a command writes: results to Out, one-line errors to Error. Injected so tests can read both.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error, Func<Stream>? binaryOutput = null, bool? errorIsTerminal = null)
{
    /// <summary>
    /// True when Error is a terminal a person watches: live views (redrawn in place) go there then;
    /// otherwise (a pipe, a file, a test) progress is plain lines.
    /// </summary>
    public bool ErrorIsTerminal { get; } = errorIsTerminal ?? (ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Standard input's raw bytes, for `fs put -`; replaceable so tests can feed it.</summary>
    public Func<Stream> OpenStandardInput { get; init; } = Console.OpenStandardInput;

    /// <summary>The raw byte stream behind Out, for `fs cat`: file bytes must not pass through a text encoder.</summary>
    public Stream OpenBinaryOutput()
    {
        Out.Flush();
        return binaryOutput?.Invoke() ?? Console.OpenStandardOutput();
    }
}
