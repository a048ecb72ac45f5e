using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal fs blocks PATH`: each block's index, id, byte range, row groups, rows and replica nodes.</summary>
public static class FsBlocksCommand
{
    public static Command Build(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "File in the cluster" };
        var command = new Command("blocks", "Show a file's blocks and where their replicas are") { path };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var blocks = await client.GetBlocksAsync(parse.GetValue(path)!, ct).ConfigureAwait(false);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, blocks);
                return CliApp.Ok;
            }
            var rows = blocks.Select(b => new[]
            {
                b.Index.ToString(CultureInfo.InvariantCulture),
                b.BlockId.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{b.Offset}-{b.Offset + b.Length - 1}"),
                b.RowGroupCount == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{b.FirstRowGroup}-{b.FirstRowGroup + b.RowGroupCount - 1}"),
                b.RowGroupCount == 0 ? "-" : b.RowCount.ToString(CultureInfo.InvariantCulture),
                b.Replicas.Count == 0 ? "(no live replica)" : string.Join(",", b.Replicas.Select(r => r.Address)),
            }).ToList();
            TableWriter.Write(console.Out, ["Index", "Block", "Bytes", "RowGroups", "Rows", "Replicas"], rows);
            return CliApp.Ok;
        }));
        return command;
    }
}
