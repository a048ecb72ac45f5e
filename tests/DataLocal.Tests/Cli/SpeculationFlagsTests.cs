using DataLocal.Cli.Commands;

namespace DataLocal.Tests.Cli;

public sealed class SpeculationFlagsTests
{
    [Fact]
    public void NameNodeArguments_FlagsGivenToClusterStart_PassedOnAsTheNamenodesOwn()
    {
        var (flags, command) = Command();

        var parse = command.Parse(["--speculation", "--speculation-multiplier", "2", "--speculation-quantile", "0.5", "--speculation-interval", "1s", "--speculation-min-task-runtime", "250ms"]);

        Assert.Equal(
            ["--speculation", "--speculation-multiplier", "2", "--speculation-quantile", "0.5", "--speculation-interval", "1000ms", "--speculation-min-task-runtime", "250ms"],
            flags.NameNodeArguments(parse));
    }

    [Fact]
    public void NameNodeArguments_NoneGiven_NothingPassedSoTheNamenodesDefaultsApply()
    {
        var (flags, command) = Command();

        Assert.Empty(flags.NameNodeArguments(command.Parse([])));
    }

    private static (SpeculationFlags Flags, System.CommandLine.RootCommand Command) Command()
    {
        var flags = new SpeculationFlags();
        var command = new System.CommandLine.RootCommand();
        foreach (var option in flags.Options)
        {
            command.Options.Add(option);
        }
        return (flags, command);
    }
}
