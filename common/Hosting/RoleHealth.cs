using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DataLocal.Common.Hosting;

/// <summary>
/// Liveness for load balancers, orchestrators and scripts: `GET /healthz` on a role's HTTP port and
/// the standard gRPC health service (grpc.health.v1.Health) on its gRPC port. Both answer without a
/// credential (probes cannot carry one) and tell nothing but whether the process serves.
/// </summary>
public static class RoleHealth
{
    public const string HttpPath = "/healthz";

    public static IServiceCollection AddRoleHealth(this IServiceCollection services)
    {
        // A process that answers at all is serving: readiness questions (safe mode, registration)
        // have their own commands and pages.
        services.AddGrpcHealthChecks(o => o.UseHealthChecksCache = false)
            .AddCheck("serving", () => HealthCheckResult.Healthy());
        return services;
    }

    public static IEndpointRouteBuilder MapRoleHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapHealthChecks(HttpPath);
        return endpoints;
    }
}
