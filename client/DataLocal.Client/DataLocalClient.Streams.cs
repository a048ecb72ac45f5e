using System.Runtime.CompilerServices;
using DataLocal.Client.Model;
using DataLocal.Client.Reading;
using DataLocal.Client.Writing;
using DataLocal.Common.Paths;

namespace DataLocal.Client;

// Stream- and async-enumerable-shaped access, as .NET code expects it, over the same calls as the rest.
public sealed partial class DataLocalClient
{
    /// <summary>
    /// A directory's entries as they are listed (or the file itself); with <paramref name="recursive"/>,
    /// everything beneath, each directory's entries before its subdirectories'. Each directory is one call to
    /// the namenode, made when the enumeration reaches it, so stopping early saves the rest.
    /// </summary>
    public async IAsyncEnumerable<FileEntry> EnumerateAsync(string path, bool recursive = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new Queue<string>([DataLocalPath.Normalize(path)]);
        while (pending.TryDequeue(out var directory))
        {
            foreach (var entry in await ListAsync(directory, recursive: false, cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
                if (recursive && entry.IsDirectory && entry.Path != directory)
                {
                    pending.Enqueue(entry.Path);
                }
            }
        }
    }

    /// <summary>
    /// Opens a stored file as a read-only, seekable <see cref="Stream"/>. Nothing is read at open but the
    /// file's block list; each read fetches (at least 4 MiB of) the block under the position from one of its
    /// replicas, failing over between them, so seeking to a Parquet footer and a few column chunks reads only
    /// those. Throws <see cref="DataLocalFileNotFoundException"/> when there is no such file.
    /// </summary>
    public async Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var reply = await GetLocationsAsync(path, cancellationToken).ConfigureAwait(false);
        var stored = reply.Status.Path;
        var fetcher = new BlockFetcher(_channels, _namenode);
        return new StoredFileStream(reply.Status.Length, [.. reply.Blocks.Select(BlockInfo.From)],
            (block, offset, length, ct) => StageAsync(fetcher, stored, block, ct, (offset, length)));
    }

    /// <summary>
    /// Stores what <paramref name="content"/> holds, read to its end, at <paramref name="path"/>, exactly as
    /// <see cref="PutAsync(string, string, PutOptions?, CancellationToken)"/> stores a local file. The content
    /// is first copied to a temporary local file (deleted after): a Parquet file is split at row-group
    /// boundaries, which its footer, at its end, gives.
    /// </summary>
    public async Task<PutResult> PutAsync(Stream content, string path, PutOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var staged = Path.Combine(Path.GetTempPath(), $"datalocal-put-{Guid.NewGuid():N}.tmp");
        try
        {
            var file = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }
            return await PutAsync(staged, path, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(staged);
        }
    }
}
