using DataLocal.Cli;

namespace DataLocal.Tests.Cli;

/// <summary>What the command line refuses before any command runs.</summary>
public sealed class CommandLineParsingTests
{
    [Theory]
    [InlineData("namenode", "--dir", "d", "--http-port", "-1")]
    [InlineData("datanode", "--namenode", "http://127.0.0.1:8020", "--dir", "d", "--http-port", "-1")]
    public void HttpPortMinusOne_IsAValueThatTurnsThePortOff_NotAnUnknownOption(params string[] args)
    {
        var parse = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)).Parse(args);

        Assert.Empty(CliApp.UsageErrors(parse));
    }

    [Fact]
    public void UnknownOption_WhereAnArgumentMayStand_IsCalledAnUnknownOption()
    {
        var parse = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null)).Parse(["fs", "ls", "--bogus"]);

        Assert.Equal(["Unrecognized option '--bogus'."], CliApp.UsageErrors(parse));
    }
}
