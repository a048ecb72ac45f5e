using System.Text.Json.Serialization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DataLocal.Common.WebHdfs;

/// <summary>
/// A WebHDFS error as Hadoop's clients expect it: an HTTP status and a body of
/// {"RemoteException":{"exception":…,"javaClassName":…,"message":…}}. The status follows Hadoop's
/// ExceptionHandler: FileNotFoundException 404, security and other IOExceptions 403, bad arguments 400.
/// </summary>
public sealed record WebHdfsError(
    [property: JsonPropertyName("exception")] string Exception,
    [property: JsonPropertyName("javaClassName")] string JavaClassName,
    [property: JsonPropertyName("message")] string Message)
{
    [JsonIgnore]
    public int StatusCode { get; init; } = StatusCodes.Status403Forbidden;

    public static WebHdfsError FileNotFound(string message) =>
        new("FileNotFoundException", "java.io.FileNotFoundException", message) { StatusCode = StatusCodes.Status404NotFound };

    public static WebHdfsError IllegalArgument(string message) =>
        new("IllegalArgumentException", "java.lang.IllegalArgumentException", message) { StatusCode = StatusCodes.Status400BadRequest };

    public static WebHdfsError AccessControl(string message) =>
        new("AccessControlException", "org.apache.hadoop.security.AccessControlException", message) { StatusCode = StatusCodes.Status403Forbidden };

    public static WebHdfsError Unauthenticated(string message) =>
        new("SecurityException", "java.lang.SecurityException", message) { StatusCode = StatusCodes.Status401Unauthorized };

    public static WebHdfsError FileAlreadyExists(string message) =>
        new("FileAlreadyExistsException", "org.apache.hadoop.fs.FileAlreadyExistsException", message) { StatusCode = StatusCodes.Status403Forbidden };

    public static WebHdfsError Io(string message) =>
        new("IOException", "java.io.IOException", message) { StatusCode = StatusCodes.Status403Forbidden };

    /// <summary>What a namenode call's gRPC status means to a WebHDFS client.</summary>
    public static WebHdfsError From(RpcException ex)
    {
        var message = string.IsNullOrEmpty(ex.Status.Detail) ? ex.StatusCode.ToString() : ex.Status.Detail;
        return ex.StatusCode switch
        {
            global::Grpc.Core.StatusCode.NotFound => FileNotFound(message),
            global::Grpc.Core.StatusCode.PermissionDenied => AccessControl(message),
            global::Grpc.Core.StatusCode.Unauthenticated => Unauthenticated(message),
            global::Grpc.Core.StatusCode.AlreadyExists => FileAlreadyExists(message),
            global::Grpc.Core.StatusCode.InvalidArgument => IllegalArgument(message),
            // Not enough datanodes, the cluster busy: Hadoop's retriable condition.
            global::Grpc.Core.StatusCode.Unavailable or global::Grpc.Core.StatusCode.ResourceExhausted =>
                new("RetriableException", "org.apache.hadoop.ipc.RetriableException", message) { StatusCode = StatusCodes.Status503ServiceUnavailable },
            _ => Io(message),
        };
    }

    /// <summary>Writes this error as the response (which must not have started).</summary>
    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = StatusCode;
        return response.WriteAsJsonAsync(new Envelope(this), WebHdfsJsonContext.Default.Envelope);
    }

    /// <summary>The JSON wrapper Hadoop puts around an error.</summary>
    public sealed record Envelope([property: JsonPropertyName("RemoteException")] WebHdfsError RemoteException);
}
