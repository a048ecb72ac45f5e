using System.Globalization;
using System.Net;
using System.Text;
using DataLocal.Common.Metrics;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace DataLocal.NameNode.Http;

/// <summary>The namenode's HTTP/1.1 side: a one-page status overview and Prometheus metrics (prometheus-net, the role's own registry).</summary>
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
            html.Append("<table border=1><tr><th>Node</th><th>Address</th><th>Web</th><th>Rack</th><th>State</th><th>Reachable</th><th>Used</th><th>Remaining</th><th>Replicas</th></tr>");
            foreach (var node in registry.AllNodes())
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Html(node.NodeId)}</td><td>{Html(node.Address)}</td><td>{Html(node.HttpAddress)}</td><td>{Html(node.Rack)}</td><td>{node.State}</td><td>{(node.IsReachable ? "yes" : "NO: " + Html(node.UnreachableReason))}</td><td>{node.UsedBytes}</td><td>{node.RemainingBytes}</td><td>{blocks.ReplicaCountOn(node.NodeId)}</td></tr>");
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
        // Gauges are read from the namenode's state as each scrape begins.
        endpoints.ServiceProvider.GetRequiredService<NameNodeStateGauges>();
        endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<RoleMetrics>().Registry);
        return endpoints;
    }

    // Node ids, addresses and racks come from whoever registered; SQL from whoever submitted.
    private static string Html(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
