using System.Text.Json;
using DataLocal.Common.Hosting;
using DataLocal.Common.Paths;
using DataLocal.Common.Security;
using DataLocal.Common.WebHdfs;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Security;
using DataLocal.Protocol.Client;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Http.WebHdfs;

/// <summary>
/// The namenode's side of the WebHDFS REST API (Apache Hadoop's /webhdfs/v1/PATH?op=…): namespace
/// operations answered here, OPEN, CREATE and APPEND redirected (307) to a datanode's HTTP port, which
/// moves the bytes (see the datanode's WebHdfsDataEndpoints). Every operation runs as its gRPC
/// counterpart would (<see cref="NamespaceCalls"/>): same permission checks, same audit log.
/// </summary>
public static class WebHdfsEndpoints
{
    private static readonly JsonSerializerOptions Json = new();

    public static IEndpointRouteBuilder MapWebHdfs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(WebHdfsRequest.Prefix + "/{**path}", ["GET", "HEAD", "PUT", "POST", "DELETE"], HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var calls = http.RequestServices.GetRequiredService<NamespaceCalls>();
        var path = WebHdfsRequest.FileSystemPath(http.Request);
        try
        {
            var op = WebHdfsRequest.Operation(http.Request);
            var reply = (http.Request.Method, op) switch
            {
                ("GET", "GETFILESTATUS") => await GetFileStatusAsync(http, calls, path).ConfigureAwait(false),
                ("GET", "LISTSTATUS") => await ListStatusAsync(http, calls, path).ConfigureAwait(false),
                ("GET", "GETCONTENTSUMMARY") => await ContentSummaryAsync(http, calls, path).ConfigureAwait(false),
                ("GET", "GETFILEBLOCKLOCATIONS") => await BlockLocationsAsync(http, calls, path).ConfigureAwait(false),
                ("GET", "GETHOMEDIRECTORY") => Results.Json(new { Path = "/user/" + HttpCaller.Of(http).Identity.Name }, Json),
                ("GET" or "HEAD", "OPEN") => await OpenAsync(http, calls, path).ConfigureAwait(false),
                ("PUT", "CREATE") => Create(http, path),
                ("POST", "APPEND") => Redirect(http, WritableNode(http), path, "APPEND"),
                ("PUT", "MKDIRS") => await MkdirsAsync(http, calls, path).ConfigureAwait(false),
                ("PUT", "RENAME") => await RenameAsync(http, calls, path).ConfigureAwait(false),
                ("PUT", "SETREPLICATION") => await SetReplicationAsync(http, calls, path).ConfigureAwait(false),
                ("DELETE", "DELETE") => await DeleteAsync(http, calls, path).ConfigureAwait(false),
                _ => throw new WebHdfsException(WebHdfsRequest.UnknownOperation(http.Request)),
            };
            await reply.ExecuteAsync(http).ConfigureAwait(false);
        }
        catch (WebHdfsException ex)
        {
            await ex.Error.WriteAsync(http.Response).ConfigureAwait(false);
        }
        catch (InvalidPathException ex)
        {
            await WebHdfsError.IllegalArgument(ex.Message).WriteAsync(http.Response).ConfigureAwait(false);
        }
    }

    private static async Task<IResult> GetFileStatusAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var reply = await calls.CallAsync(http, "GETFILESTATUS", new PathRequest { Path = path }, (s, r, c) => s.GetFileInfo(r, c)).ConfigureAwait(false);
        return reply.Exists
            ? Results.Json(new FileStatusReply(WebHdfsFileStatus.From(reply.Status, named: false)), Json)
            : throw new WebHdfsException(WebHdfsError.FileNotFound($"File does not exist: {DataLocalPath.Normalize(path)}"));
    }

    private static async Task<IResult> ListStatusAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var reply = await calls.CallAsync(http, "LISTSTATUS", new ListStatusRequest { Path = path }, (s, r, c) => s.ListStatus(r, c)).ConfigureAwait(false);
        // A file lists as itself, with an empty pathSuffix, as in Hadoop.
        var listedItself = reply.Entries.Count == 1 && !reply.Entries[0].IsDirectory && reply.Entries[0].Path == DataLocalPath.Normalize(path);
        return Results.Json(new FileStatusesReply(new FileStatusList([.. reply.Entries.Select(e => WebHdfsFileStatus.From(e, named: !listedItself))])), Json);
    }

    private static async Task<IResult> ContentSummaryAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var summary = await calls.RunAsync(http, "GETCONTENTSUMMARY", new PathRequest { Path = path }, (request, context) =>
        {
            var caller = CallerIdentity.Of(context);
            var permissions = http.RequestServices.GetRequiredService<PermissionChecker>();
            // As HDFS: summing a tree reads every directory of it.
            permissions.CheckTraverse(caller, request.Path);
            permissions.CheckSubtree(caller, request.Path, directories: FsAction.ReadExecute, files: FsAction.None);
            return Task.FromResult(http.RequestServices.GetRequiredService<NamespaceManager>().Summarize(request.Path));
        }).ConfigureAwait(false);
        return Results.Json(new ContentSummaryReply(new WebHdfsContentSummary(
            summary.Directories, summary.Files, summary.Length, Quota: -1, summary.SpaceConsumed, SpaceQuota: -1, new Dictionary<string, object>())), Json);
    }

    private static async Task<IResult> BlockLocationsAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var (offset, length) = Range(http);
        var reply = await calls.CallAsync(http, "GETFILEBLOCKLOCATIONS", new PathRequest { Path = path }, (s, r, c) => s.GetBlockLocations(r, c)).ConfigureAwait(false);
        var end = length == long.MaxValue ? long.MaxValue : offset + length;
        var blocks = reply.Blocks.Where(b => b.Block.Offset < end && b.Block.Offset + b.Block.Length > offset);
        return Results.Json(new BlockLocationsReply(new BlockLocationList([.. blocks.Select(WebHdfsBlockLocation.From)])), Json);
    }

    /// <summary>Checks the caller may read the file, then sends them to a datanode holding the block at the offset asked for.</summary>
    private static async Task<IResult> OpenAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var (offset, _) = Range(http);
        var reply = await calls.CallAsync(http, "OPEN", new PathRequest { Path = path }, (s, r, c) => s.GetBlockLocations(r, c)).ConfigureAwait(false);
        var registry = http.RequestServices.GetRequiredService<DatanodeRegistry>();
        var holders = reply.Blocks.FirstOrDefault(b => b.Block.Offset <= offset && offset < b.Block.Offset + b.Block.Length)?.Replicas
            .Select(r => registry.Find(r.NodeId)).OfType<DatanodeDescriptor>().Where(Serves).ToList();
        // Past the end, or no holder serving HTTP: any datanode can answer (it reads through the client library).
        var target = holders is { Count: > 0 } ? holders[Random.Shared.Next(holders.Count)] : AnyNode(registry.LiveNodes());
        return Redirect(http, target, reply.Status.Path, "OPEN");
    }

    private static IResult Create(HttpContext http, string path)
    {
        // Checked here so a bad value fails before the client sends the data.
        WebHdfsRequest.Number(http.Request, "replication", 0);
        WebHdfsRequest.Number(http.Request, "blocksize", 0);
        WebHdfsRequest.Flag(http.Request, "overwrite", false);
        return Redirect(http, WritableNode(http), DataLocalPath.Normalize(path), "CREATE");
    }

    private static async Task<IResult> MkdirsAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        await calls.CallAsync(http, "MKDIRS", new MkdirsRequest { Path = path, Parents = true }, (s, r, c) => s.Mkdirs(r, c)).ConfigureAwait(false);
        return Results.Json(new BooleanReply(true), Json);
    }

    private static async Task<IResult> RenameAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var destination = WebHdfsRequest.Text(http.Request, "destination")
            ?? throw new WebHdfsException(WebHdfsError.IllegalArgument("RENAME needs the destination parameter"));
        if (!destination.StartsWith('/'))
        {
            throw new WebHdfsException(WebHdfsError.IllegalArgument($"Invalid value for webhdfs parameter \"destination\": {destination} is not an absolute path"));
        }
        try
        {
            await calls.CallAsync(http, "RENAME", new RenameRequest { Source = path, Destination = destination }, (s, r, c) => s.Rename(r, c)).ConfigureAwait(false);
            return Results.Json(new BooleanReply(true), Json);
        }
        catch (WebHdfsException ex) when (ex.Error.Exception is "FileNotFoundException" or "FileAlreadyExistsException" or "IOException")
        {
            // HDFS's rename answers false, not an error, when the source is missing or the destination taken.
            return Results.Json(new BooleanReply(false), Json);
        }
    }

    private static async Task<IResult> SetReplicationAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var fallback = http.RequestServices.GetRequiredService<IOptions<NameNodeOptions>>().Value.DefaultReplication;
        var replication = WebHdfsRequest.Number(http.Request, "replication", fallback);
        var request = new SetReplicationRequest { Path = path, Replication = (int)Math.Clamp(replication, int.MinValue, int.MaxValue) };
        var reply = await calls.CallAsync(http, "SETREPLICATION", request, (s, r, c) => s.SetReplication(r, c)).ConfigureAwait(false);
        return Results.Json(new BooleanReply(reply.Changed), Json);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, NamespaceCalls calls, string path)
    {
        var request = new DeleteRequest { Path = path, Recursive = WebHdfsRequest.Flag(http.Request, "recursive", false) };
        try
        {
            await calls.CallAsync(http, "DELETE", request, (s, r, c) => s.Delete(r, c)).ConfigureAwait(false);
            return Results.Json(new BooleanReply(true), Json);
        }
        catch (WebHdfsException ex) when (ex.Error.Exception == "FileNotFoundException")
        {
            // HDFS answers false for a path that is not there.
            return Results.Json(new BooleanReply(false), Json);
        }
    }

    private static (long Offset, long Length) Range(HttpContext http)
    {
        var offset = WebHdfsRequest.Number(http.Request, "offset", 0);
        var length = WebHdfsRequest.Number(http.Request, "length", long.MaxValue);
        return offset < 0 || length < 0
            ? throw new WebHdfsException(WebHdfsError.IllegalArgument($"offset and length must not be negative (offset {offset}, length {length})"))
            : (offset, length);
    }

    private static bool Serves(DatanodeDescriptor node) => node.State == DatanodeState.Live && !string.IsNullOrEmpty(node.HttpAddress);

    private static DatanodeDescriptor WritableNode(HttpContext http) =>
        AnyNode(http.RequestServices.GetRequiredService<DatanodeRegistry>().WritableNodes());

    private static DatanodeDescriptor AnyNode(IReadOnlyList<DatanodeDescriptor> nodes)
    {
        var serving = nodes.Where(Serves).ToList();
        return serving.Count > 0
            ? serving[Random.Shared.Next(serving.Count)]
            : throw new WebHdfsException(WebHdfsError.From(new RpcException(new Status(StatusCode.Unavailable,
                "no live datanode serves HTTP (started with --http-port -1?); WebHDFS data transfers need one"))));
    }

    /// <summary>
    /// The 307 to a datanode's HTTP port (or, with noredirect=true, its URL in the body). The URL carries
    /// the caller's token as Hadoop's delegation parameter, so the datanode can act for them, and the
    /// request's own parameters but its credential.
    /// </summary>
    private static IResult Redirect(HttpContext http, DatanodeDescriptor node, string path, string op)
    {
        var query = new List<KeyValuePair<string, string?>> { new("op", op) };
        foreach (var (name, value) in http.Request.Query)
        {
            if (!name.Equals("op", StringComparison.OrdinalIgnoreCase)
                && !name.Equals(WebHdfsRequest.DelegationParameter, StringComparison.OrdinalIgnoreCase)
                && !name.Equals("noredirect", StringComparison.OrdinalIgnoreCase))
            {
                query.Add(new(name, value.ToString()));
            }
        }
        query.Add(new(WebHdfsRequest.DelegationParameter, HttpCaller.Of(http).Credential));
        var escaped = string.Join('/', DataLocalPath.Normalize(path).Split('/').Select(Uri.EscapeDataString));
        var url = node.HttpAddress!.TrimEnd('/') + WebHdfsRequest.Prefix + escaped + QueryString.Create(query);
        return WebHdfsRequest.Flag(http.Request, "noredirect", false)
            ? Results.Json(new LocationReply(url), Json)
            : Results.Redirect(url, permanent: false, preserveMethod: true);
    }
}
