using DataLocal.Common.Security;
using DataLocal.Common.WebHdfs;
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
/// WebHDFS requests may carry the token as the "delegation" query parameter instead (a redirect's URL
/// must carry it to the datanode); its "user.name" parameter alone grants nothing. The caller and the
/// credential it presented are kept in the request's features for the handlers (<see cref="HttpCaller"/>).
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
        var webHdfs = WebHdfsRequest.IsWebHdfs(context.Request.Path);
        var credential = Credentials.FromHeaderValue(context.Request.Headers.Authorization)
            ?? (webHdfs ? WebHdfsRequest.Text(context.Request, WebHdfsRequest.DelegationParameter) : null);
        var caller = credential is null
            ? null
            : await context.RequestServices.GetRequiredService<ICallerAuthenticator>().AuthenticateAsync(credential, context.RequestAborted).ConfigureAwait(false);
        if (caller is null && webHdfs)
        {
            // Hadoop's clients read the reason from a RemoteException body.
            await WebHdfsError.Unauthenticated(credential is null
                ? "authentication required: send Authorization: Bearer TOKEN or the delegation=TOKEN parameter (user.name alone is not accepted)"
                : "authentication failed: the token is not valid").WriteAsync(context.Response).ConfigureAwait(false);
            return;
        }
        if (caller is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{realm} (any user name, your token as the password)\"";
            await context.Response.WriteAsync(credential is null
                ? "authentication required: send Authorization: Bearer TOKEN (or Basic with the token as the password)\n"
                : "authentication failed: the token is not valid\n").ConfigureAwait(false);
            return;
        }
        context.Features.Set(new HttpCaller(caller, credential!));
        await next(context).ConfigureAwait(false);
    });
}

/// <summary>Who made an HTTP request, and the credential they presented (a WebHDFS redirect passes it on).</summary>
public sealed record HttpCaller(CallerIdentity Identity, string Credential)
{
    public static HttpCaller Of(HttpContext context) => context.Features.Get<HttpCaller>()
        ?? throw new InvalidOperationException("request has no authenticated caller: is UseHttpTokenAuthentication registered?");
}
