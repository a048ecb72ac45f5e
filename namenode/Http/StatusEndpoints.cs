using DataLocal.Common.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace DataLocal.NameNode.Http;

/// <summary>The namenode's HTTP/1.1 side: the web UI, its JSON API, and Prometheus metrics (prometheus-net, the role's own registry).</summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapNameNodeStatus(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWebUi();
        endpoints.MapStatusApi();
        // Gauges are read from the namenode's state as each scrape begins.
        endpoints.ServiceProvider.GetRequiredService<NameNodeStateGauges>();
        endpoints.MapMetrics("/metrics", endpoints.ServiceProvider.GetRequiredService<RoleMetrics>().Registry);
        return endpoints;
    }
}
