using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>`datalocal fs fsck [PATH]`: checks every file's blocks against its replication, as `hdfs fsck` does.</summary>
public static class FsckCommand
{
    public static Command Build(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "File or directory to check", DefaultValueFactory = _ => DataLocalPath.Root };
        var command = new Command("fsck", "Check that every block has its replicas (healthy, under-replicated or missing)") { path };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var root = parse.GetValue(path)!;
            var entry = await client.StatAsync(root, ct).ConfigureAwait(false)
                ?? throw new Client.DataLocalException($"{DataLocalPath.Normalize(root)}: No such file or directory");
            var files = entry.IsDirectory ? (await client.ListAsync(root, recursive: true, ct).ConfigureAwait(false)).Where(e => !e.IsDirectory).ToList() : [entry];
            var problems = new List<BlockProblem>();
            long blocks = 0, underReplicated = 0, missing = 0;
            foreach (var file in files)
            {
                foreach (var block in await client.GetBlocksAsync(file.Path, ct).ConfigureAwait(false))
                {
                    blocks++;
                    if (block.Replicas.Count == 0)
                    {
                        missing++;
                        problems.Add(new BlockProblem(file.Path, block.BlockId, 0, file.Replication, "MISSING"));
                    }
                    else if (block.Replicas.Count < file.Replication)
                    {
                        underReplicated++;
                        problems.Add(new BlockProblem(file.Path, block.BlockId, block.Replicas.Count, file.Replication, "UNDER_REPLICATED"));
                    }
                }
            }
            var status = missing > 0 ? "CORRUPT" : "HEALTHY";
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { status, files = files.Count, blocks, underReplicated, missing, problems });
            }
            else
            {
                foreach (var p in problems)
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.File}: block {p.Block} {p.Status}: {p.Live} of {p.Expected} replicas live"));
                }
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Status: {status}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Total files:\t{files.Count}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Total blocks:\t{blocks}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Under-replicated blocks:\t{underReplicated}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Missing blocks:\t{missing}"));
                console.Out.WriteLine($"The filesystem under path '{DataLocalPath.Normalize(root)}' is {status}");
            }
            return missing > 0 ? CliApp.Error : CliApp.Ok;
        }));
        return command;
    }

    /// <summary>A block with fewer live replicas than its file's replication.</summary>
    private sealed record BlockProblem(string File, long Block, int Live, int Expected, string Status);
}
