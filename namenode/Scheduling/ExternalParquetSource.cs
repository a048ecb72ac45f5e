using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using DataLocal.Common.Net;
using DataLocal.Common.Parquet;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Reads the footer of a Parquet file on an object store that serves HTTP range requests (an S3
/// presigned URL, a plain web server): three small ranged GETs — the tail for the footer length, the
/// footer, the leading magic — never the file itself.
/// </summary>
public sealed class ExternalParquetSource(HttpClient http)
{
    public async Task<ParquetFileLayout> ReadLayoutAsync(string url, IReadOnlyList<IPAddress> addresses, CancellationToken cancellationToken)
    {
        var (last8, length) = await GetRangeAsync(url, addresses, new RangeHeaderValue(null, 8), cancellationToken).ConfigureAwait(false);
        if (length < ParquetFooterReader.MinimumFileLength || last8.Length != 8)
        {
            throw new InvalidQueryException($"FROM {url}: {length} bytes is too small to be a Parquet file");
        }
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(last8);
        if (footerLength <= 0 || footerLength > Math.Min(length - 12, ParquetFooterReader.MaxFooterLength))
        {
            throw new InvalidQueryException($"FROM {url}: not a Parquet file (footer length {footerLength} in a {length}-byte file)");
        }
        var tailStart = length - 8 - footerLength;
        var (tail, _) = await GetRangeAsync(url, addresses, new RangeHeaderValue(tailStart, length - 1), cancellationToken).ConfigureAwait(false);
        var (head, _) = await GetRangeAsync(url, addresses, new RangeHeaderValue(0, 3), cancellationToken).ConfigureAwait(false);
        try
        {
            return ParquetFooterReader.Read(new SparseFileStream(length, [(0, head), (tailStart, tail)]));
        }
        catch (InvalidParquetException ex)
        {
            throw new InvalidQueryException($"FROM {url}: {ex.Message}", ex);
        }
    }

    /// <summary>One ranged GET; returns the bytes and the whole file's length from Content-Range.</summary>
    public async Task<(byte[] Bytes, long FileLength)> GetRangeAsync(string url, IReadOnlyList<IPAddress> addresses, RangeHeaderValue range, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url).Pin(addresses);
        request.Headers.Range = range;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidQueryException($"FROM {url}: cannot reach it ({ex.Message})", ex);
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.PartialContent)
            {
                throw new InvalidQueryException(response.IsSuccessStatusCode
                    ? $"FROM {url}: the server ignores range requests (answered {(int)response.StatusCode}); DataLocal reads external files by byte ranges"
                    : $"FROM {url}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            var total = response.Content.Headers.ContentRange?.Length
                ?? throw new InvalidQueryException($"FROM {url}: the server did not say the file's length (no Content-Range)");
            return (await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), total);
        }
    }
}
