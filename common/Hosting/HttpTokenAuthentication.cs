using DataLocal.Common.Security;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DataLocal.Common.Hosting;

/// <summary>
/// Asks every HTTP request that is not a gRPC call (those pass the gRPC interceptor instead) for a
/// token: "Authorization: Bearer TOKEN" (Prometheus' bearer_token_file), or HTTP Basic with the token as
/// the password (what a browser prompts for). Being middleware, it also covers pages added later.
/// Only <see cref="RoleHealth.HttpPath"/> answers without one: probes cannot carry a token.
/// </summary>
public static class HttpTokenAuthentication
{
    public static IApplicationBuilder UseHttpTokenAuthentication(this IApplicationBuilder app, string realm) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null
            || context.Request.Path.Equals(RoleHealth.HttpPath, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var credential = Credentials.FromHeaderValue(context.Request.Headers.Authorization);
        var caller = credential is null
            ? null
            : await context.RequestServices.GetRequiredService<ICallerAuthenticator>().AuthenticateAsync(credential, context.RequestAborted).ConfigureAwait(false);
        if (caller is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{realm} (any user name, your token as the password)\"";
            await context.Response.WriteAsync(credential is null
                ? "authentication required: send Authorization: Bearer TOKEN (or Basic with the token as the password)\n"
                : "authentication failed: the token is not valid\n").ConfigureAwait(false);
            return;
        }
        await next(context).ConfigureAwait(false);
    });
}
