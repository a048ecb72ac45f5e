using DataLocal.Client.Jobs;
using DataLocal.Client.Layout;
using DataLocal.Client.Model;
using DataLocal.Client.Reading;
using DataLocal.Client.Recovery;
using DataLocal.Client.Writing;
using DataLocal.Common.Grpc;
using DataLocal.Common.Paths;
using DataLocal.Common.Security;
using DataLocal.Protocol.Client;

namespace DataLocal.Client;

/// <summary>
/// A program's handle on a DataLocal cluster: the namespace, reading and writing files. The
/// `datalocal` CLI is a thin layer over it. Thread-safe; dispose it to close its connections. Programs
/// that use dependency injection register it with <c>services.AddDataLocalClient(o => …)</c> and take an
/// <see cref="IDataLocalClient"/>.
/// </summary>
public sealed partial class DataLocalClient : IDataLocalClient
{
    private readonly GrpcChannelPool _channels;
    private readonly ClientNamenode.ClientNamenodeClient _namenode;
    private readonly Admin.AdminClient _admin;
    private readonly FilePlanner _planner;

    /// <summary>A client of the namenode at <paramref name="namenodeAddress"/> (http://host:port, its RPC port).</summary>
    /// <param name="namenodeAddress">The namenode's RPC address, e.g. http://127.0.0.1:8020.</param>
    /// <param name="options">The token, TLS, timeouts; null for the defaults.</param>
    public DataLocalClient(string namenodeAddress, DataLocalClientOptions? options = null)
    {
        NameNodeAddress = namenodeAddress;
        options ??= new DataLocalClientOptions();
        _channels = new GrpcChannelPool(options.Timeouts, options.TransferCompression, options.Token, LoadTrust(options.TlsCaFile));
        _namenode = new ClientNamenode.ClientNamenodeClient(_channels.ControlInvoker(namenodeAddress));
        _admin = new Admin.AdminClient(_channels.ControlInvoker(namenodeAddress));
        _planner = new FilePlanner(options);
        Jobs = new JobClient(_channels.ControlInvoker(namenodeAddress), namenodeAddress);
    }

    private static ClusterTrust LoadTrust(string? caFile)
    {
        try
        {
            return ClusterTrust.FromCaFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new DataLocalException($"TLS CA: {ex.Message}", ex);
        }
    }

    /// <summary>SQL jobs: submit, follow, list, kill.</summary>
    public JobClient Jobs { get; }

    IJobClient IDataLocalClient.Jobs => Jobs;

    /// <summary>The namenode this client calls.</summary>
    public string NameNodeAddress { get; }

    /// <summary>Creates a directory; with <paramref name="parents"/>, any missing parents too (and an existing directory is no error).</summary>
    public Task MkdirsAsync(string path, bool parents, CancellationToken cancellationToken = default) =>
        CallAsync(async () => await _namenode.MkdirsAsync(new MkdirsRequest { Path = DataLocalPath.Normalize(path), Parents = parents }, cancellationToken: cancellationToken));

    /// <summary>Describes a path, or returns null when nothing is there.</summary>
    public async Task<FileEntry?> StatAsync(string path, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync(async () => await _namenode.GetFileInfoAsync(new PathRequest { Path = DataLocalPath.Normalize(path) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return reply.Exists ? FileEntry.From(reply.Status) : null;
    }

    /// <summary>A directory's entries (or the file itself); with <paramref name="recursive"/>, everything beneath.</summary>
    public async Task<IReadOnlyList<FileEntry>> ListAsync(string path, bool recursive = false, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync(async () => await _namenode.ListStatusAsync(new ListStatusRequest { Path = DataLocalPath.Normalize(path) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var entries = new List<FileEntry>();
        foreach (var status in reply.Entries)
        {
            var entry = FileEntry.From(status);
            entries.Add(entry);
            if (recursive && entry.IsDirectory && entry.Path != DataLocalPath.Normalize(path))
            {
                entries.AddRange(await ListAsync(entry.Path, true, cancellationToken).ConfigureAwait(false));
            }
        }
        return entries;
    }

    /// <summary>Deletes a path; returns the number of files deleted.</summary>
    public async Task<int> DeleteAsync(string path, bool recursive, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync(async () => await _namenode.DeleteAsync(new DeleteRequest { Path = DataLocalPath.Normalize(path), Recursive = recursive }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return reply.FilesDeleted;
    }

    /// <summary>Changes the permission bits (octal like 750 or symbolic like u+w,go-r) of a path, or of its whole tree; returns how many inodes changed.</summary>
    public async Task<int> SetPermissionAsync(string path, string mode, bool recursive = false, CancellationToken cancellationToken = default)
    {
        PermissionBits.Validate(mode);
        var request = new SetPermissionRequest { Path = DataLocalPath.Normalize(path), Mode = mode, Recursive = recursive };
        return (await CallAsync(async () => await _namenode.SetPermissionAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false)).Changed;
    }

    /// <summary>Changes the owner (admins only) and/or group (null leaves either) of a path, or of its whole tree; returns how many inodes changed.</summary>
    public async Task<int> SetOwnerAsync(string path, string? owner, string? group, bool recursive = false, CancellationToken cancellationToken = default)
    {
        var request = new SetOwnerRequest { Path = DataLocalPath.Normalize(path), Owner = owner ?? string.Empty, Group = group ?? string.Empty, Recursive = recursive };
        return (await CallAsync(async () => await _namenode.SetOwnerAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false)).Changed;
    }

    /// <summary>Changes a file's replication (the namenode then adds or trims replicas); false for a directory, which has none.</summary>
    public async Task<bool> SetReplicationAsync(string path, int replication, CancellationToken cancellationToken = default)
    {
        var request = new SetReplicationRequest { Path = DataLocalPath.Normalize(path), Replication = replication };
        return (await CallAsync(async () => await _namenode.SetReplicationAsync(request, cancellationToken: cancellationToken)).ConfigureAwait(false)).Changed;
    }

    /// <summary>Moves or renames a file or directory.</summary>
    public Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default) =>
        CallAsync(async () => await _namenode.RenameAsync(new RenameRequest { Source = DataLocalPath.Normalize(source), Destination = DataLocalPath.Normalize(destination) }, cancellationToken: cancellationToken));

    /// <summary>
    /// Stores a local file. Parquet files are validated first and split only at row-group
    /// boundaries; a malformed one is refused before anything is stored.
    /// </summary>
    public async Task<PutResult> PutAsync(string localPath, string path, PutOptions? options = null, CancellationToken cancellationToken = default)
    {
        var normalized = DataLocalPath.Normalize(path);
        if (!File.Exists(localPath))
        {
            throw Directory.Exists(localPath)
                ? new DataLocalInvalidRequestException($"{localPath}: is a directory; put stores one file at a time")
                : new DataLocalFileNotFoundException($"{localPath}: No such file");
        }
        options ??= new PutOptions();
        var plan = await _planner.PlanAsync(localPath, options.RequireParquet, cancellationToken).ConfigureAwait(false);
        var uploader = new FileUploader(_namenode, NameNodeAddress, new BlockUploader(_channels));
        return await uploader.UploadAsync(localPath, normalized, options, plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A file's blocks with their live replicas.</summary>
    public async Task<IReadOnlyList<BlockInfo>> GetBlocksAsync(string path, CancellationToken cancellationToken = default)
    {
        var reply = await GetLocationsAsync(path, cancellationToken).ConfigureAwait(false);
        return [.. reply.Blocks.Select(BlockInfo.From)];
    }

    /// <summary>Writes a stored file's bytes to <paramref name="destination"/>, block by block, failing over between replicas.</summary>
    public async Task<long> ReadToAsync(string path, Stream destination, CancellationToken cancellationToken = default)
    {
        var reply = await GetLocationsAsync(path, cancellationToken).ConfigureAwait(false);
        var fetcher = new BlockFetcher(_channels, _namenode);
        foreach (var block in reply.Blocks.Select(BlockInfo.From))
        {
            if (destination.CanSeek)
            {
                await fetcher.CopyToAsync(reply.Status.Path, block, destination, Relocator(path, cancellationToken), cancellationToken).ConfigureAwait(false);
                continue;
            }
            // An unseekable output (a pipe, stdout) cannot be rewound when a replica fails half-way,
            // so each block is staged whole before any of it is written.
            using var staged = await StageAsync(fetcher, reply.Status.Path, block, cancellationToken).ConfigureAwait(false);
            await staged.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        return reply.Status.Length;
    }

    /// <summary>
    /// Writes up to <paramref name="count"/> bytes of a stored file from <paramref name="offset"/> to
    /// <paramref name="destination"/> (an HTTP range read); returns how many there were. Only the bytes
    /// asked for are read from each block the range touches, each piece staged first (so a replica failing
    /// half-way is retried unseen).
    /// </summary>
    public async Task<long> ReadRangeToAsync(string path, long offset, long count, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var reply = await GetLocationsAsync(path, cancellationToken).ConfigureAwait(false);
        var end = Math.Min(reply.Status.Length, offset + Math.Min(count, long.MaxValue - offset));
        var fetcher = new BlockFetcher(_channels, _namenode);
        foreach (var block in reply.Blocks.Select(BlockInfo.From).Where(b => b.Offset < end && b.Offset + b.Length > offset))
        {
            var from = Math.Max(offset, block.Offset) - block.Offset;
            var to = Math.Min(end, block.Offset + block.Length) - block.Offset;
            using var staged = await StageAsync(fetcher, reply.Status.Path, block, cancellationToken, (from, to - from)).ConfigureAwait(false);
            await staged.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        return Math.Max(0, end - offset);
    }

    private async Task<MemoryStream> StageAsync(
        BlockFetcher fetcher, string path, BlockInfo block, CancellationToken cancellationToken, (long Offset, long Length)? range = null)
    {
        var staged = new MemoryStream(checked((int)(range?.Length ?? block.Length)));
        try
        {
            await fetcher.CopyToAsync(path, block, staged, Relocator(path, cancellationToken), cancellationToken, range).ConfigureAwait(false);
        }
        catch
        {
            await staged.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        staged.Position = 0;
        return staged;
    }

    // A block's token may expire before a long read reaches it: its locations are fetched again, with a fresh one.
    private Func<long, Task<BlockInfo?>> Relocator(string path, CancellationToken cancellationToken) => async blockId =>
    {
        var again = await GetLocationsAsync(path, cancellationToken).ConfigureAwait(false);
        return again.Blocks.Select(BlockInfo.From).FirstOrDefault(b => b.BlockId == blockId);
    };

    /// <summary>Checks every block of every file under <paramref name="path"/> against its replication, as the namenode sees it.</summary>
    public async Task<FsckReport> FsckAsync(string path, CancellationToken cancellationToken = default)
    {
        var reply = await CallAsync(async () => await _namenode.FsckAsync(new PathRequest { Path = DataLocalPath.Normalize(path) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return FsckReport.From(reply);
    }

    /// <summary>
    /// Rebuilds a corrupt block (every replica failed its checksum) from the chunks that still verify
    /// and stores it as a good replica; returns the datanode that holds it. Throws
    /// <see cref="BlockRebuildException"/> when some chunk has no good copy in any replica.
    /// </summary>
    public Task<string> RecoverBlockAsync(BlockInfo block, CancellationToken cancellationToken = default) =>
        new CorruptBlockRecovery(_channels, _admin, NameNodeAddress).RecoverAsync(block, cancellationToken);

    /// <summary>
    /// Copies a stored file to a local file, which appears only once complete; <paramref name="progress"/>
    /// is told how many bytes have been written so far.
    /// </summary>
    public async Task<long> GetAsync(string path, string localPath, bool overwrite = false, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (File.Exists(localPath) && !overwrite)
        {
            throw new DataLocalAlreadyExistsException($"{localPath}: File exists (use -f to overwrite)");
        }
        var temp = localPath + $".datalocal-{Guid.NewGuid():N}.tmp";
        try
        {
            long length;
            var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            Stream output = progress is null ? file : new ProgressReportingStream(file, progress);
            await using (output.ConfigureAwait(false))
            {
                length = await ReadToAsync(path, output, cancellationToken).ConfigureAwait(false);
            }
            File.Move(temp, localPath, overwrite);
            return length;
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new DataLocalFileNotFoundException($"{localPath}: the local directory does not exist", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DataLocalPermissionDeniedException($"{localPath}: permission denied", ex);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The cluster's capacity, block counts and each datanode's state, as the namenode sees them.</summary>
    public async Task<ClusterReport> GetClusterReportAsync(CancellationToken cancellationToken = default)
    {
        var reply = await AdminCallAsync(async () => await _admin.GetClusterReportAsync(new ClusterReportRequest(), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ClusterReport.From(reply);
    }

    /// <summary>Starts draining a datanode (named by id or address); it is decommissioned once its blocks are replicated elsewhere.</summary>
    public async Task<DatanodeInfo> DecommissionAsync(string node, CancellationToken cancellationToken = default) =>
        DatanodeInfo.From(await AdminCallAsync(async () => await _admin.DecommissionAsync(new DecommissionRequest { Node = node }, cancellationToken: cancellationToken)).ConfigureAwait(false));

    /// <summary>Returns a decommissioning or decommissioned datanode to service.</summary>
    public async Task<DatanodeInfo> RecommissionAsync(string node, CancellationToken cancellationToken = default) =>
        DatanodeInfo.From(await AdminCallAsync(async () => await _admin.RecommissionAsync(new DecommissionRequest { Node = node }, cancellationToken: cancellationToken)).ConfigureAwait(false));

    /// <summary>Gets, enters or leaves safe mode; returns whether it is on and the namenode's one-line status.</summary>
    public async Task<(bool On, string Status)> SafeModeAsync(string action, CancellationToken cancellationToken = default)
    {
        var reply = await AdminCallAsync(async () => await _admin.SafeModeAsync(new SafeModeRequest { Action = action }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (reply.On, reply.Status);
    }

    /// <summary>Creates a user and returns their token: the only time anyone sees it. Admins only.</summary>
    public Task<string> AddUserAsync(string name, bool admin, CancellationToken cancellationToken = default) =>
        AddUserAsync(name, admin, [], cancellationToken);

    /// <summary>Creates a user who is a member of <paramref name="groups"/> (for file permissions) and returns their token. Admins only.</summary>
    public async Task<string> AddUserAsync(string name, bool admin, IReadOnlyList<string> groups, CancellationToken cancellationToken = default) =>
        (await AdminCallAsync(async () => await _admin.AddUserAsync(new AddUserRequest { Name = name, Admin = admin, Groups = { groups } }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Token;

    /// <summary>The cluster's users. Admins only.</summary>
    public async Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        var reply = await AdminCallAsync(async () => await _admin.ListUsersAsync(new ListUsersRequest(), cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. reply.Users.Select(u => new UserInfo(u.Name, u.Admin, DateTimeOffset.FromUnixTimeMilliseconds(u.CreatedUnixMs), [.. u.Groups]))];
    }

    /// <summary>Removes a user; their token stops working. Admins only.</summary>
    public Task RemoveUserAsync(string name, CancellationToken cancellationToken = default) =>
        AdminCallAsync(async () => await _admin.RemoveUserAsync(new RemoveUserRequest { Name = name }, cancellationToken: cancellationToken));

    /// <summary>Closes the client's connections.</summary>
    public void Dispose() => _channels.Dispose();

    private Task<GetBlockLocationsReply> GetLocationsAsync(string path, CancellationToken cancellationToken) =>
        CallAsync(async () => await _namenode.GetBlockLocationsAsync(new PathRequest { Path = DataLocalPath.Normalize(path) }, cancellationToken: cancellationToken));

    // Admin calls name datanodes and users: what they do not find is no file.
    private Task<T> AdminCallAsync<T>(Func<Task<T>> call) => RpcErrors.CallNameNodeAsync(NameNodeAddress, call);

    // Every other call here names a path, so what the namenode did not find is a file (or directory).
    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await RpcErrors.CallNameNodeAsync(NameNodeAddress, call).ConfigureAwait(false);
        }
        catch (DataLocalNotFoundException ex) when (ex is not DataLocalFileNotFoundException)
        {
            throw new DataLocalFileNotFoundException(ex.Message, ex.InnerException);
        }
    }
}
