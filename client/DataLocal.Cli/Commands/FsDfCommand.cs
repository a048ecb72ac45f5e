using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs df [-h]`, as `hdfs dfs -df`: the live datanodes' capacity, block data and free space,
/// under the header Filesystem Size Used Available Use%.
/// </summary>
public static class FsDfCommand
{
    public static Command Build(CliConsole console)
    {
        var human = new Option<bool>("-h") { Description = "Human-readable sizes (1.5 T)" };
        var command = new Command("df", "Show the cluster's capacity and free space") { human };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var report = await client.GetClusterReportAsync(ct).ConfigureAwait(false);
            var live = report.Datanodes.Where(d => d.State == "live").ToList();
            var (size, used, available) = (live.Sum(d => d.CapacityBytes), live.Sum(d => d.UsedBytes), live.Sum(d => d.RemainingBytes));
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { filesystem = client.NameNodeAddress, size, used, available });
                return CliApp.Ok;
            }
            var text = (long n) => parse.GetValue(human) ? ByteSize.Human(n) : n.ToString(CultureInfo.InvariantCulture);
            var percent = size == 0 ? 0 : (int)Math.Round(100.0 * used / size, MidpointRounding.AwayFromZero);
            HadoopTable.Write(console.Out,
            [
                ["Filesystem", "Size", "Used", "Available", "Use%"],
                [client.NameNodeAddress, text(size), text(used), text(available), string.Create(CultureInfo.InvariantCulture, $"{percent}%")],
            ], rightAligned: [1, 2, 3, 4]);
            return CliApp.Ok;
        }));
        return command;
    }
}
