using System.Globalization;
using System.Net;
using System.Text;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataLocal.NameNode.Http;

/// <summary>The namenode's HTTP/1.1 side: a one-page status overview and Prometheus-style metrics.</summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapNameNodeStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", (DatanodeRegistry registry, NamespaceManager ns, BlockMap blocks, UnknownReplicas unknown, SafeMode safeMode, JobManager jobs) =>
        {
            var html = new StringBuilder("<!doctype html><title>DataLocal namenode</title><h1>DataLocal namenode</h1>");
            var corruption = blocks.CorruptionCounts();
            html.Append(CultureInfo.InvariantCulture, $"<p>{ns.CountFiles()} files, {blocks.BlockCount} blocks</p>");
            html.Append(CultureInfo.InvariantCulture, $"<p>{WebUtility.HtmlEncode(safeMode.Status())}</p>");
            html.Append(CultureInfo.InvariantCulture,
                $"<p>Corrupt blocks (no good replica): {corruption.CorruptBlocks}; blocks with corrupt replicas: {corruption.BlocksWithCorruptReplicas}; unknown replicas (kept in safe mode): {unknown.Count}</p>");
            html.Append("<table border=1><tr><th>Node</th><th>Address</th><th>Rack</th><th>State</th><th>Reachable</th><th>Used</th><th>Remaining</th><th>Replicas</th></tr>");
            foreach (var node in registry.AllNodes())
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{node.NodeId}</td><td>{node.Address}</td><td>{node.Rack}</td><td>{node.State}</td><td>{(node.IsReachable ? "yes" : "NO: " + WebUtility.HtmlEncode(node.UnreachableReason))}</td><td>{node.UsedBytes}</td><td>{node.RemainingBytes}</td><td>{blocks.ReplicaCountOn(node.NodeId)}</td></tr>");
            }
            html.Append("</table><h2>Jobs</h2><table border=1><tr><th>Job</th><th>State</th><th>Tasks</th><th>NODE_LOCAL</th><th>RACK_LOCAL</th><th>ANY</th><th>SQL</th></tr>");
            foreach (var job in jobs.List().Take(50))
            {
                var succeeded = job.Attempts.Where(a => a.Outcome == "succeeded").ToList();
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{job.Id}</td><td>{job.State}</td><td>{job.TasksSucceeded}/{job.TasksTotal}</td><td>{succeeded.Count(a => a.Locality == "NODE_LOCAL")}</td><td>{succeeded.Count(a => a.Locality == "RACK_LOCAL")}</td><td>{succeeded.Count(a => a.Locality == "ANY")}</td><td>{WebUtility.HtmlEncode(job.Sql)}</td></tr>");
            }
            html.Append("</table>");
            return Results.Content(html.ToString(), "text/html");
        });
        endpoints.MapGet("/metrics", (DatanodeRegistry registry, NamespaceManager ns, BlockMap blocks, UnknownReplicas unknown, PendingReplications replications) =>
        {
            var nodes = registry.AllNodes();
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"datalocal_datanodes_live {nodes.Count(n => n.State == DatanodeState.Live)}\n");
            text.Append(CultureInfo.InvariantCulture, $"datalocal_datanodes_dead {nodes.Count(n => n.State == DatanodeState.Dead)}\n");
            text.Append(CultureInfo.InvariantCulture, $"datalocal_files {ns.CountFiles()}\n");
            text.Append(CultureInfo.InvariantCulture, $"datalocal_blocks {blocks.BlockCount}\n");
            text.Append(CultureInfo.InvariantCulture, $"datalocal_replications_in_flight {replications.InFlightCount}\n");
            var corruption = blocks.CorruptionCounts();
            text.Append(CultureInfo.InvariantCulture, $"datalocal_corrupt_blocks {corruption.CorruptBlocks}\n");
            text.Append(CultureInfo.InvariantCulture, $"datalocal_corrupt_replicas {corruption.CorruptReplicas}\n");
            text.Append(CultureInfo.InvariantCulture, $"datalocal_unknown_replicas {unknown.Count}\n");
            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        return endpoints;
    }
}
