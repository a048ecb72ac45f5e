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
            // The namenode judges every block against the same block map its replication monitor uses.
            var report = await client.FsckAsync(root, ct).ConfigureAwait(false);
            var recoveries = new List<BlockRecovery>();
            if (parse.GetValue(recover))
            {
                foreach (var problem in report.Problems.Where(p => p.Status == "CORRUPT"))
                {
                    recoveries.Add(await RecoverAsync(client, problem, ct).ConfigureAwait(false));
                }
            }
            var unrecovered = report.Corrupt - recoveries.Count(r => r.Rebuilt);
            var status = report.Missing > 0 || unrecovered > 0 ? "CORRUPT" : "HEALTHY";
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console.Out, new
                {
                    status, files = report.Files, blocks = report.Blocks, underReplicated = report.UnderReplicated,
                    corrupt = report.Corrupt, missing = report.Missing, problems = report.Problems, recoveries,
                });
            }
            else
            {
                foreach (var p in report.Problems)
                {
                    console.Out.WriteLine(Describe(p));
                }
                foreach (var r in recoveries)
                {
                    console.Out.WriteLine($"{r.File}: {r.Outcome}");
                }
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Status: {status}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Total files:\t{report.Files}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Total blocks:\t{report.Blocks}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Under-replicated blocks:\t{report.UnderReplicated}"));
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Corrupt blocks:\t{report.Corrupt}"));
                if (recoveries.Count > 0)
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Rebuilt blocks:\t{recoveries.Count(r => r.Rebuilt)} of {recoveries.Count}"));
                }
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $" Missing blocks:\t{report.Missing}"));
                console.Out.WriteLine($"The filesystem under path '{DataLocalPath.Normalize(root)}' is {status}");
            }
            return status == "HEALTHY" ? CliApp.Ok : CliApp.Error;
        }));
        return command;
    }

    private static async Task<BlockRecovery> RecoverAsync(DataLocalClient client, BlockProblem problem, CancellationToken cancellationToken)
    {
        try
        {
            var block = (await client.GetBlocksAsync(problem.File, cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => b.BlockId == problem.Block)
                ?? throw new DataLocalException($"block {problem.Block} is no longer part of {problem.File}");
            var node = await client.RecoverBlockAsync(block, cancellationToken).ConfigureAwait(false);
            return new BlockRecovery(problem.File, block.BlockId, true, $"block {block.BlockId}: rebuilt from its {block.CorruptReplicas.Count} corrupt replicas onto {node}; replication restores the rest");
        }
        catch (DataLocalException ex)
        {
            return new BlockRecovery(problem.File, problem.Block, false, ex.Message);
        }
    }

    private static string Describe(BlockProblem problem) => problem switch
    {
        { Status: "CORRUPT" } => string.Create(CultureInfo.InvariantCulture,
            $"{problem.File}: block {problem.Block} CORRUPT: 0 of {problem.Expected} replicas good, {problem.Corrupt} corrupt (every replica failed checksum verification; `fs fsck {problem.File} --recover` rebuilds it)"),
        { Corrupt: > 0 } => string.Create(CultureInfo.InvariantCulture, $"{problem.File}: block {problem.Block} {problem.Status}: {problem.Live} of {problem.Expected} replicas live, {problem.Corrupt} corrupt"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{problem.File}: block {problem.Block} {problem.Status}: {problem.Live} of {problem.Expected} replicas live"),
    };

    /// <summary>What `--recover` did with one corrupt block.</summary>
    private sealed record BlockRecovery(string File, long Block, bool Rebuilt, string Outcome);
}
