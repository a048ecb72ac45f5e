using DataLocal.Cli;

namespace DataLocal.Tests.Cli;

/// <summary>A refused command line is one line with a did-you-mean and the help to read; every command's help has an example.</summary>
public sealed class UsageErrorLineTests
{
    [Theory]
    [InlineData("datalocal: 'fs lss' is not a command. Did you mean 'fs ls'? See 'datalocal fs --help'.", "fs", "lss")]
    [InlineData("datalocal: 'fs setrpe' is not a command. Did you mean 'fs setrep'? See 'datalocal fs --help'.", "fs", "setrpe", "2", "/x")]
    [InlineData("datalocal: 'jbo' is not a command. Did you mean 'job'? See 'datalocal --help'.", "jbo", "list")]
    [InlineData("datalocal: 'fs ls' has no option '--recursve'. Did you mean '--recursive'? See 'datalocal fs ls --help'.", "fs", "ls", "--recursve", "/d")]
    [InlineData("datalocal: 'fs df' has no option '--jsn'. Did you mean '--json'? See 'datalocal fs df --help'.", "fs", "df", "--jsn")]
    [InlineData("datalocal: 'fs du' has no option '--bogus'. See 'datalocal fs du --help'.", "fs", "du", "--bogus")]
    public async Task Mistyped_CommandOrOption_IsOneLineWithDidYouMean(string expected, params string[] args)
    {
        var error = new StringWriter();

        var code = await CliApp.RunAsync(args, new CliConsole(TextWriter.Null, error));

        Assert.Equal(CliApp.Usage, code);
        Assert.Equal(expected + Environment.NewLine, error.ToString());
    }

    [Fact]
    public async Task MissingArgument_IsOneLineNamingTheCommandsHelp()
    {
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["fs", "setrep", "2"], new CliConsole(TextWriter.Null, error));

        Assert.Equal(CliApp.Usage, code);
        Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("See 'datalocal fs setrep --help'." + Environment.NewLine, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PathStartingWithDash_AfterDoubleDash_IsAnArgument()
    {
        var parse = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)).Parse(["fs", "put", "--", "-data.csv", "/d/x.csv"]);

        Assert.Empty(CliApp.UsageErrors(parse));
        Assert.Equal(["-data.csv", "/d/x.csv"], parse.GetValue<string[]>("LOCAL... PATH")!);
    }

    [Fact]
    public void EveryCommand_HasAnExampleInItsHelp()
    {
        var root = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null));

        var missing = CommandExamples.Walk(root).Where(c => !CommandExamples.ByCommand.ContainsKey(c.Path)).Select(c => c.Path).ToList();
        var stale = CommandExamples.ByCommand.Keys.Except(CommandExamples.Walk(root).Select(c => c.Path)).ToList();

        Assert.Empty(missing);
        Assert.Empty(stale);
    }

    [Fact]
    public async Task Help_OfACommandWithRequiredArguments_PrintsHelpAndExample_NotAMissingArgument()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["fs", "setrep", "--help"], new CliConsole(output, error));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Example:\n  datalocal fs setrep -w 3 /data/hot.parquet", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Work with files in the cluster", "fs", "-h")]
    [InlineData("Store local files", "fs", "put", "-h")]
    [InlineData("DataLocal: an HDFS-style cluster", "-h")]
    public async Task DashH_WhereNoCommandTakesIt_IsHelp(string description, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(args, new CliConsole(output, error));

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains(description, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DashH_WhereTheCommandTakesIt_IsThatOption()
    {
        var parse = ShortHelp.Parse(CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)), ["fs", "du", "-h", "/d"]);

        Assert.Empty(CliApp.UsageErrors(parse));
        Assert.True(parse.GetValue<bool>("-h"));
    }
}
