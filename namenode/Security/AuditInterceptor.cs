using System.Text.Encodings.Web;
using DataLocal.Common.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode.Security;

/// <summary>
/// The namenode's audit log, after HDFS's: one line per call by a user (allowed or refused) saying
/// who, from where, which command, and the paths it named, to the "DataLocal.Audit" log category.
/// Runs outside the authentication interceptor so refusals are recorded too. Calls by cluster members
/// (heartbeats, reports, task exchange) are not user actions and are left out. Request fields other
/// than paths are never logged, so no token or query text lands in the log.
/// </summary>
public sealed class AuditInterceptor(ILoggerFactory loggers) : Interceptor
{
    public const string Category = "DataLocal.Audit";

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly ILogger _audit = loggers.CreateLogger(Category);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var allowed = true;
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RpcException ex) when (IsRefusal(ex))
        {
            allowed = false;
            throw;
        }
        finally
        {
            Record(request, context, allowed);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var allowed = true;
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (RpcException ex) when (IsRefusal(ex))
        {
            allowed = false;
            throw;
        }
        finally
        {
            Record(request, context, allowed);
        }
    }

    private static bool IsRefusal(RpcException ex) => ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied;

    private void Record(object request, ServerCallContext context, bool allowed)
    {
        var caller = CallerIdentity.TryOf(context);
        // Health probes are nobody's action either, and would fill the log.
        if (caller is { IsClusterMember: true } || MethodAccess.IsAnonymous(context.Method))
        {
            return;
        }
        var command = context.Method[(context.Method.LastIndexOf('/') + 1)..];
        _audit.Audit(allowed ? "true" : "false", caller?.Name ?? "(unauthenticated)", context.Peer, command,
            Field(request, "path") ?? Field(request, "source") ?? Field(request, "node") ?? Field(request, "name") ?? Field(request, "job_id") ?? "null",
            Field(request, "destination") ?? "null");
    }

    /// <summary>A string field of the request by its proto name, encoded so a path with a newline cannot forge a log line.</summary>
    private static string? Field(object request, string name) =>
        request is IMessage message && message.Descriptor.FindFieldByName(name) is { FieldType: Google.Protobuf.Reflection.FieldType.String } field
            ? Encoder.Encode((string)field.Accessor.GetValue(message))
            : null;
}
