using System.Net;
using DataLocal.Common.Net;
using System.Net.Http.Headers;

namespace DataLocal.DataNode.Executor;

/// <summary>Reads a byte range of a file on an object store (an S3 presigned URL, a web server) with one ranged GET.</summary>
public sealed class ExternalRangeReader(HttpClient http)
{
    /// <summary>Reads bytes offset..offset+length-1 of <paramref name="url"/>, connecting only to <paramref name="addresses"/> (the ones the namenode checked).</summary>
    public async Task<byte[]> ReadAsync(string url, IReadOnlyList<IPAddress> addresses, long offset, long length, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url).Pin(addresses);
        request.Headers.Range = new RangeHeaderValue(offset, offset + length - 1);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.PartialContent)
        {
            throw new IOException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase} to a range request for bytes {offset}..{offset + length - 1}");
        }
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return bytes.Length == length
            ? bytes
            : throw new IOException($"{url} sent {bytes.Length} bytes for a range of {length}");
    }
}
