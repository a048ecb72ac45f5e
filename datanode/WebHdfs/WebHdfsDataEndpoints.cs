using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Common.Hosting;
using DataLocal.Common.Paths;
using DataLocal.Common.WebHdfs;
using DataLocal.DataNode.NameNodeLink;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.WebHdfs;

/// <summary>
/// A datanode's side of WebHDFS: where the namenode's OPEN, CREATE and APPEND redirects land. The
/// datanode acts for the caller (whose token the redirect carries) through the client library, exactly
/// as `fs get` and `fs put` would: reads fetch each block from whichever replica serves it, writes go
/// through the put path (Parquet validation, block placement, replication), and the namenode checks
/// the caller's permissions on every step. OPEN also answers a plain "Range: bytes=…" with 206, so
/// range-reading clients (pyarrow, DuckDB's httpfs) work on the URL.
/// </summary>
public static class WebHdfsDataEndpoints
{
    private const string UploadDirectory = "webhdfs-uploads";

    public static IEndpointRouteBuilder MapWebHdfsData(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(WebHdfsRequest.Prefix + "/{**path}", ["GET", "HEAD", "PUT", "POST"], HandleAsync);
        return endpoints;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var path = DataLocalPath.Normalize(WebHdfsRequest.FileSystemPath(http.Request));
        var nameNode = http.RequestServices.GetRequiredService<NameNodeConnection>();
        using var client = new DataLocalClient(nameNode.Address, new DataLocalClientOptions { Token = HttpCaller.Of(http).Credential });
        try
        {
            switch (http.Request.Method, WebHdfsRequest.Operation(http.Request))
            {
                case ("GET" or "HEAD", "OPEN"):
                    await OpenAsync(http, client, path).ConfigureAwait(false);
                    break;
                case ("PUT", "CREATE"):
                    await CreateAsync(http, client, path).ConfigureAwait(false);
                    break;
                case ("POST", "APPEND"):
                    await AppendAsync(http, client, path).ConfigureAwait(false);
                    break;
                default:
                    throw new WebHdfsException(WebHdfsRequest.UnknownOperation(http.Request));
            }
        }
        catch (Exception ex) when (ToError(ex) is { } error)
        {
            if (http.Response.HasStarted)
            {
                // Some bytes went out: only a cut connection tells the client the body is short.
                http.Abort();
                return;
            }
            await error.WriteAsync(http.Response).ConfigureAwait(false);
        }
    }

    private static async Task OpenAsync(HttpContext http, DataLocalClient client, string path)
    {
        var entry = await StatFileAsync(http, client, path).ConfigureAwait(false);
        // Asks for the block locations, so a caller who may not read the file is refused before any header goes out.
        await client.GetBlocksAsync(path, http.RequestAborted).ConfigureAwait(false);
        var offset = WebHdfsRequest.Number(http.Request, "offset", 0);
        var length = WebHdfsRequest.Number(http.Request, "length", long.MaxValue);
        if (offset < 0 || length < 0)
        {
            throw new WebHdfsException(WebHdfsError.IllegalArgument($"offset and length must not be negative (offset {offset}, length {length})"));
        }
        // The window offset/length select; a Range header then selects within it.
        var start = Math.Min(offset, entry.Length);
        var total = Math.Min(length, entry.Length - start);
        var response = http.Response;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";
        var (from, count) = (0L, total);
        if (ByteRange.Parse(http.Request.Headers.Range.ToString(), total) is { } range)
        {
            if (!range.Satisfiable)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{total}";
                return;
            }
            (from, count) = (range.From, range.Count);
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {from}-{from + count - 1}/{total}";
        }
        response.ContentLength = count;
        if (HttpMethods.IsHead(http.Request.Method) || count == 0)
        {
            return;
        }
        await client.ReadRangeToAsync(path, start + from, count, response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The stored file at <paramref name="path"/>; Hadoop's FileNotFoundException when it is missing or a directory.</summary>
    private static async Task<Client.Model.FileEntry> StatFileAsync(HttpContext http, DataLocalClient client, string path)
    {
        var entry = await client.StatAsync(path, http.RequestAborted).ConfigureAwait(false)
            ?? throw new WebHdfsException(WebHdfsError.FileNotFound($"File does not exist: {path}"));
        return entry.IsDirectory ? throw new WebHdfsException(WebHdfsError.FileNotFound($"Path is not a file: {path}")) : entry;
    }

    private static async Task CreateAsync(HttpContext http, DataLocalClient client, string path)
    {
        var options = new PutOptions(
            Replication: (int)Math.Clamp(WebHdfsRequest.Number(http.Request, "replication", 0), 0, short.MaxValue),
            BlockSize: WebHdfsRequest.Number(http.Request, "blocksize", 0),
            Overwrite: WebHdfsRequest.Flag(http.Request, "overwrite", false));
        await StoreAsync(http, client, path, options, existing: null).ConfigureAwait(false);
        if (WebHdfsRequest.Text(http.Request, "permission") is { } permission)
        {
            await client.SetPermissionAsync(path, permission, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        }
        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.Location = WebHdfsRequest.Prefix + path;
        http.Response.ContentLength = 0;
    }

    /// <summary>
    /// DataLocal files are written once, so an append stores the file again: its bytes, then the new
    /// ones, with its replication and block size. Meant for small files and for clients (fsspec) that
    /// write by CREATE-then-APPEND; a large file costs a full rewrite per append.
    /// </summary>
    private static async Task AppendAsync(HttpContext http, DataLocalClient client, string path)
    {
        var entry = await StatFileAsync(http, client, path).ConfigureAwait(false);
        await StoreAsync(http, client, path, new PutOptions(entry.Replication, entry.BlockSize, Overwrite: true), existing: path).ConfigureAwait(false);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentLength = 0;
    }

    /// <summary>Spools the request body (after the stored file <paramref name="existing"/>, for an append) to a local file and puts it.</summary>
    private static async Task StoreAsync(HttpContext http, DataLocalClient client, string path, PutOptions options, string? existing)
    {
        var directory = Path.Combine(http.RequestServices.GetRequiredService<IOptions<DataNodeOptions>>().Value.Directory, UploadDirectory);
        Directory.CreateDirectory(directory);
        var spool = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        try
        {
            var file = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                if (existing is not null)
                {
                    await client.ReadToAsync(existing, file, http.RequestAborted).ConfigureAwait(false);
                }
                await http.Request.Body.CopyToAsync(file, http.RequestAborted).ConfigureAwait(false);
            }
            await client.PutAsync(spool, path, options, http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(spool);
        }
    }

    private static WebHdfsError? ToError(Exception ex) => ex switch
    {
        WebHdfsException webHdfs => webHdfs.Error,
        InvalidPathException => WebHdfsError.IllegalArgument(ex.Message),
        NameNodeUnreachableException => WebHdfsError.From(new RpcException(new Status(StatusCode.Unavailable, ex.Message))),
        DataLocalException { InnerException: RpcException rpc } => WebHdfsError.From(new RpcException(new Status(rpc.StatusCode, ex.Message))),
        DataLocalException => WebHdfsError.Io(ex.Message),
        _ => null,
    };
}
