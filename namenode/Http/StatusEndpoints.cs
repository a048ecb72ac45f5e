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
            html.Append(CultureInfo.InvariantCulture, $"<p>{Html(safeMode.Status())}</p>");
            html.Append(CultureInfo.InvariantCulture,
                $"<p>Corrupt blocks (no good replica): {corruption.CorruptBlocks}; blocks with corrupt replicas: {corruption.BlocksWithCorruptReplicas}; unknown replicas (kept in safe mode): {unknown.Count}</p>");
            html.Append("<table border=1><tr><th>Node</th><th>Address</th><th>Rack</th><th>State</th><th>Reachable</th><th>Used</th><th>Remaining</th><th>Replicas</th></tr>");
            foreach (var node in registry.AllNodes())
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Html(node.NodeId)}</td><td>{Html(node.Address)}</td><td>{Html(node.Rack)}</td><td>{node.State}</td><td>{(node.IsReachable ? "yes" : "NO: " + Html(node.UnreachableReason))}</td><td>{node.UsedBytes}</td><td>{node.RemainingBytes}</td><td>{blocks.ReplicaCountOn(node.NodeId)}</td></tr>");
            }
            html.Append("</table><h2>Jobs</h2><table border=1><tr><th>Job</th><th>State</th><th>Tasks</th><th>NODE_LOCAL</th><th>RACK_LOCAL</th><th>ANY</th><th>SQL</th></tr>");
            foreach (var job in jobs.List().Take(50))
            {
                var succeeded = job.Attempts.Where(a => a.Outcome == "succeeded").ToList();
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Html(job.Id)}</td><td>{Html(job.State)}</td><td>{job.TasksSucceeded}/{job.TasksTotal}</td><td>{succeeded.Count(a => a.Locality == "NODE_LOCAL")}</td><td>{succeeded.Count(a => a.Locality == "RACK_LOCAL")}</td><td>{succeeded.Count(a => a.Locality == "ANY")}</td><td>{Html(job.Sql)}</td></tr>");
            }
            html.Append("</table>");
            return Results.Content(html.ToString(), "text/html");
        });
        endpoints.MapGet("/metrics", (DatanodeRegistry registry, NamespaceManager ns, BlockMap blocks, UnknownReplicas unknown, PendingReplications replications) =>
        {
            var nodes = registry.AllNodes();
            var corruption = blocks.CorruptionCounts();
            var text = new StringBuilder();
            Gauge(text, "datalocal_datanodes_live", "Datanodes heartbeating within the dead-node timeout.", nodes.Count(n => n.State == DatanodeState.Live));
            Gauge(text, "datalocal_datanodes_dead", "Datanodes declared dead (silent past the dead-node timeout).", nodes.Count(n => n.State == DatanodeState.Dead));
            Gauge(text, "datalocal_files", "Files in the namespace.", ns.CountFiles());
            Gauge(text, "datalocal_blocks", "Blocks the namenode knows (committed files and open writes).", blocks.BlockCount);
            Gauge(text, "datalocal_replications_in_flight", "Block copies ordered and not yet reported.", replications.InFlightCount);
            Gauge(text, "datalocal_corrupt_blocks", "Blocks with no good replica left, only corrupt ones.", corruption.CorruptBlocks);
            Gauge(text, "datalocal_corrupt_replicas", "Replicas that failed their checksums.", corruption.CorruptReplicas);
            Gauge(text, "datalocal_unknown_replicas", "Replicas of unknown blocks kept while in safe mode.", unknown.Count);
            return Results.Text(text.ToString(), "text/plain; version=0.0.4");
        });
        return endpoints;
    }

    // Node ids, addresses and racks come from whoever registered; SQL from whoever submitted.
    private static string Html(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    // Prometheus text exposition: every sample with its HELP and TYPE lines.
    private static void Gauge(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");
}
