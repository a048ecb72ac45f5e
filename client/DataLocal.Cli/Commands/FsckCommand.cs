using System.CommandLine;
using System.Globalization;
using DataLocal.Cli.Output;
using DataLocal.Client;
using DataLocal.Client.Model;
using DataLocal.Common.Paths;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs fsck [PATH] [--recover]`: checks every file's blocks against its replication, as
/// `hdfs fsck` does, and with --recover rebuilds corrupt blocks from the chunks that still verify.
/// </summary>
public static class FsckCommand
{
    public static Command Build(CliConsole console)
    {
        var path = new Argument<string>("PATH") { Description = "File or directory to check", DefaultValueFactory = _ => DataLocalPath.Root };
        var recover = new Option<bool>("--recover")
        {
            Description = "Rebuild each CORRUPT block chunk by chunk from its replicas' good chunks, then let replication restore it",
        };
        var command = new Command("fsck", "Check that every block has its replicas (healthy, under-replicated, corrupt or missing)") { path, recover };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            using var client = NameNodeResolver.Connect(parse);
            var root = parse.GetValue(path)!;
            var entry = await client.StatAsync(root, ct).ConfigureAwait(false)
                ?? throw new DataLocalException($"{DataLocalPath.Normalize(root)}: No such file or directory");
            var files = entry.IsDirectory ? (await client.ListAsync(root, recursive: true, ct).ConfigureAwait(false)).Where(e => !e.IsDirectory).ToList() : [entry];
            var problems = new List<BlockProblem>();
            var recoveries = new List<BlockRecovery>();
            long blocks = 0, underReplicated = 0, corrupt = 0, missing = 0;
            foreach (var file in files)
            {
                foreach (var block in await client.GetBlocksAsync(file.Path, ct).ConfigureAwait(false))
                {
                    blocks++;
                    var problem = Classify(file, block);
                    if (problem is null)
                    {
                        continue;
                    }
                    problems.Add(problem);
                    switch (problem.Status)
                    {
                        case "MISSING":
                            missing++;
                            break;
                        case "CORRUPT":
                            corrupt++;
                            if (parse.GetValue(recover))
                            {
                                recoveries.Add(await RecoverAsync(client, file.Path, block, ct).ConfigureAwait(false));
                            }
                            break;
                        default:
                            underReplicated++;
                            break;
                    }
                }
            }
            var unrecovered = corrupt - recoveries.Count(r => r.Rebuilt);
            var status = missing > 0 || unrecovered > 0 ? "CORRUPT" : "HEALTHY";
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new { status, files = files.Count, blocks, underReplicated, corrupt, missing, problems, recoveries });
            }
            else
            {
                foreach (var p in problems)
                {
                    console.Out.WriteLine(p.Describe());
                }
                foreach (var r in recoveries)
                {
                    console.Out.WriteLine($"{r.File}: {r.Outcome}");
                }
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Status: {status}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Total files:\t{files.Count}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Total blocks:\t{blocks}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Under-replicated blocks:\t{underReplicated}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Corrupt blocks:\t{corrupt}"));
                if (recoveries.Count > 0)
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Rebuilt blocks:\t{recoveries.Count(r => r.Rebuilt)} of {recoveries.Count}"));
                }
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Missing blocks:\t{missing}"));
                console.Out.WriteLine($"The filesystem under path '{DataLocalPath.Normalize(root)}' is {status}");
            }
            return status == "HEALTHY" ? CliApp.Ok : CliApp.Error;
        }));
        return command;
    }

    // A block with no replica at all is MISSING; one whose every replica failed its checksum is
    // CORRUPT (its bytes may still be rebuilt); one with fewer good replicas than wanted is UNDER_REPLICATED.
    private static BlockProblem? Classify(FileEntry file, BlockInfo block)
    {
        var good = block.Replicas.Count;
        var bad = block.CorruptReplicas.Count;
        if (good == 0)
        {
            return new BlockProblem(file.Path, block.BlockId, 0, bad, file.Replication, bad > 0 ? "CORRUPT" : "MISSING");
        }
        return good < file.Replication ? new BlockProblem(file.Path, block.BlockId, good, bad, file.Replication, "UNDER_REPLICATED") : null;
    }

    private static async Task<BlockRecovery> RecoverAsync(DataLocalClient client, string file, BlockInfo block, CancellationToken cancellationToken)
    {
        try
        {
            var node = await client.RecoverBlockAsync(block, cancellationToken).ConfigureAwait(false);
            return new BlockRecovery(file, block.BlockId, true, $"block {block.BlockId}: rebuilt from its {block.CorruptReplicas.Count} corrupt replicas onto {node}; replication restores the rest");
        }
        catch (DataLocalException ex)
        {
            return new BlockRecovery(file, block.BlockId, false, ex.Message);
        }
    }

    /// <summary>A block with fewer good replicas than its file's replication.</summary>
    private sealed record BlockProblem(string File, long Block, int Live, int Corrupt, int Expected, string Status)
    {
        public string Describe() => Status switch
        {
            "CORRUPT" => string.Create(CultureInfo.InvariantCulture,
                $"{File}: block {Block} CORRUPT: 0 of {Expected} replicas good, {Corrupt} corrupt (every replica failed checksum verification; `fs fsck {File} --recover` rebuilds it)"),
            _ when Corrupt > 0 => string.Create(CultureInfo.InvariantCulture, $"{File}: block {Block} {Status}: {Live} of {Expected} replicas live, {Corrupt} corrupt"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{File}: block {Block} {Status}: {Live} of {Expected} replicas live"),
        };
    }

    /// <summary>What `--recover` did with one corrupt block.</summary>
    private sealed record BlockRecovery(string File, long Block, bool Rebuilt, string Outcome);
}
