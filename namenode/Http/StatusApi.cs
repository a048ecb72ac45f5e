using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataLocal.NameNode.Http;

/// <summary>
/// The JSON API under /api/v1 that the web UI's pages are drawn from (and that scripts may use):
/// the overview, the datanodes, a path of the namespace with its blocks, and jobs with their attempts.
/// Strings are returned as they are; the pages put them into the document as text, never as markup.
/// </summary>
public static class StatusApi
{
    public const string Prefix = "/api/v1";

    // camelCase as the web defaults, but with markup characters escaped (\u003C): ASP.NET's default
    // encoder leaves them as they are, and a response read as HTML must not hold a tag.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Default };

    private static readonly string Version =
        typeof(StatusApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Prefix + "/overview", (NameNodeStarted started, DatanodeRegistry registry, NamespaceManager ns, BlockMap blocks,
            ReplicationMonitor replication, SafeMode safeMode, JobManager jobs) =>
        {
            var nodes = registry.AllNodes();
            var live = nodes.Where(n => n.State == DatanodeState.Live).ToList();
            var corruption = blocks.CorruptionCounts();
            return Results.Json(new OverviewModel(
                Version, started.At, safeMode.IsOn, safeMode.Status(),
                live.Count(n => n.AdminState == AdminState.Normal), nodes.Count(n => n.State == DatanodeState.Dead),
                live.Count(n => n.AdminState == AdminState.Decommissioning), live.Count(n => n.AdminState == AdminState.Decommissioned),
                live.Sum(n => n.CapacityBytes), live.Sum(n => n.UsedBytes), live.Sum(n => n.RemainingBytes),
                ns.CountFiles(), blocks.BlockCount, replication.UnderReplicatedBlocks, corruption.CorruptBlocks, replication.MissingBlocks,
                jobs.RunningJobCount), Json);
        });
        endpoints.MapGet(Prefix + "/datanodes", (DatanodeRegistry registry, BlockMap blocks, JobManager jobs, TimeProvider time) =>
        {
            var now = time.GetUtcNow();
            var attempts = jobs.List().SelectMany(j => j.Attempts).ToList();
            return Results.Json(registry.AllNodes().OrderBy(n => n.NodeId, StringComparer.Ordinal).Select(n =>
            {
                var onNode = attempts.Where(a => a.NodeId == n.NodeId).ToList();
                var live = n.State == DatanodeState.Live;
                return new DatanodeModel(
                    n.NodeId, n.Address, n.HttpAddress, n.Rack, live ? "live" : "dead", n.AdminState.ToString().ToLowerInvariant(),
                    n.IsReachable, n.UnreachableReason,
                    // A dead node's last figures are no longer true: none are shown.
                    live ? n.CapacityBytes : null, live ? n.UsedBytes : null, live ? n.RemainingBytes : null,
                    blocks.ReplicaCountOn(n.NodeId), n.TaskSlots, onNode.Count(a => a.Outcome == "running"),
                    Math.Max(0, (now - n.LastHeartbeat).TotalSeconds),
                    // What the node served to readers since it started, as its heartbeats count it.
                    n.BytesServedLocal, n.BytesServedRemote);
            }).ToList(), Json);
        });
        endpoints.MapGet(Prefix + "/files", (string? path, NamespaceManager ns, BlockMap blocks, DatanodeRegistry registry) =>
        {
            var inode = ns.Find(string.IsNullOrEmpty(path) ? "/" : path);
            if (inode is null)
            {
                return Results.Json(new ErrorModel($"{path}: no such file or directory"), Json, statusCode: StatusCodes.Status404NotFound);
            }
            var children = inode.IsDirectory
                ? ns.List(inode.Path).OrderBy(c => !c.IsDirectory).ThenBy(c => c.Path, StringComparer.Ordinal).Select(c => Entry(c)).ToList()
                : [];
            var fileBlocks = inode.IsDirectory ? [] : inode.Blocks.Select(b => new BlockModel(
                b.BlockId, b.Offset, b.Length, b.FirstRowGroup, b.RowGroupCount, b.RowCount,
                [.. b.Columns.Select(c => new ColumnStatisticsModel(c.Column, c.Min, c.Max, c.NullCount))],
                [.. blocks.ReplicasOf(b.BlockId).Select(id => registry.Find(id)).Where(d => d is not null).Select(d => new ReplicaModel(d!.NodeId, d.Address, d.State == DatanodeState.Live))],
                [.. blocks.CorruptReplicasOf(b.BlockId)])).ToList();
            return Results.Json(new PathModel(Entry(inode), children, fileBlocks), Json);
        });
        endpoints.MapGet(Prefix + "/jobs", (JobManager jobs, TimeProvider time) =>
            Results.Json(jobs.List().Take(200).Select(j => Summary(j, time.GetUtcNow())).ToList(), Json));
        endpoints.MapGet(Prefix + "/jobs/{id}", (string id, JobManager jobs, BlockMap blocks, DatanodeRegistry registry, TimeProvider time) =>
        {
            if (jobs.Get(id) is not { } job)
            {
                return Results.Json(new ErrorModel($"{id}: no such job"), Json, statusCode: StatusCodes.Status404NotFound);
            }
            var now = time.GetUtcNow();
            var attempts = job.Attempts.Select(a => new AttemptModel(
                a.TaskIndex, a.Attempt, a.BlockId == 0 ? null : a.BlockId, a.File, a.NodeId, a.Locality, a.Outcome, a.Error,
                a.BytesLocal, a.BytesRemote, a.RowsIn, a.RowsOut,
                a.StartedUtc == default ? null : new DateTimeOffset(a.StartedUtc, TimeSpan.Zero),
                a.Outcome == "running" && a.StartedUtc != default ? (long)(now - new DateTimeOffset(a.StartedUtc, TimeSpan.Zero)).TotalMilliseconds : a.DurationMs,
                a.Speculative, a.ReplicasAtLaunch)).ToList();
            var replicas = job.Attempts.Where(a => a.BlockId != 0).GroupBy(a => a.BlockId).Select(g => HoldersAtLaunch(g.Key, g.ToList(), blocks)).ToList();
            var nodes = registry.AllNodes().Select(n => n.NodeId).Union(job.Attempts.Select(a => a.NodeId), StringComparer.Ordinal)
                .Where(n => !string.IsNullOrEmpty(n)).Order(StringComparer.Ordinal).ToList();
            return Results.Json(new JobDetailModel(Summary(job, now), attempts, replicas, nodes), Json);
        });
        return endpoints;
    }

    /// <summary>
    /// The locality map's row for a block: where its replicas were when the attempt that read it (the
    /// one that succeeded, else the latest) launched; a replica moved or lost since does not redraw the
    /// past. Records from before the holders were kept show where the replicas are now.
    /// </summary>
    private static BlockReplicasModel HoldersAtLaunch(long blockId, IReadOnlyList<TaskAttemptRecord> attempts, BlockMap blocks)
    {
        var reading = attempts.FirstOrDefault(a => a.Outcome == "succeeded") ?? attempts[^1];
        return reading.ReplicasAtLaunch.Count > 0
            ? new BlockReplicasModel(blockId, reading.ReplicasAtLaunch, AtLaunch: true)
            : new BlockReplicasModel(blockId, [.. blocks.ReplicasOf(blockId)], AtLaunch: false);
    }

    private static EntryModel Entry(INodeRecord inode) =>
        new(inode.Path, inode.IsDirectory, inode.Length, inode.Replication, inode.BlockSize, new DateTimeOffset(inode.ModifiedUtc, TimeSpan.Zero), inode.Blocks.Count);

    private static JobSummaryModel Summary(JobRecord j, DateTimeOffset now)
    {
        var succeeded = j.Attempts.Where(a => a.Outcome == "succeeded").ToList();
        var submitted = new DateTimeOffset(j.SubmittedUtc, TimeSpan.Zero);
        var finished = j.FinishedUtc is { } f ? new DateTimeOffset(f, TimeSpan.Zero) : (DateTimeOffset?)null;
        return new JobSummaryModel(
            j.Id, j.Sql, j.State, j.Error, submitted, finished, ((finished ?? now) - submitted).TotalSeconds,
            j.TasksTotal, j.TasksSucceeded, j.TasksRunning, j.BlocksTotal, j.BlocksSkipped,
            succeeded.Count(a => a.Locality == "NODE_LOCAL"), succeeded.Count(a => a.Locality == "RACK_LOCAL"), succeeded.Count(a => a.Locality == "ANY"),
            succeeded.Sum(a => a.BytesLocal), succeeded.Sum(a => a.BytesRemote), j.OutputPath);
    }
}
