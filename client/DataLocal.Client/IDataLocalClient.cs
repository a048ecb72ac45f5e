using DataLocal.Client.Jobs;
using DataLocal.Client.Model;
using DataLocal.Client.Writing;

namespace DataLocal.Client;

/// <summary>
/// A program's handle on a DataLocal cluster: the namespace, reading and writing files, jobs, and the
/// admin calls. <see cref="DataLocalClient"/> is the real one (registered by
/// <see cref="DataLocalServiceCollectionExtensions.AddDataLocalClient"/>); depend on this interface to
/// substitute a fake in tests. Failures are <see cref="DataLocalException"/>s: a missing path is a
/// <see cref="DataLocalFileNotFoundException"/>, a refusal a <see cref="DataLocalPermissionDeniedException"/>, and so on.
/// </summary>
public interface IDataLocalClient : IDisposable
{
    /// <summary>SQL jobs: submit, follow, read results, list, kill.</summary>
    IJobClient Jobs { get; }

    /// <summary>The namenode this client calls.</summary>
    string NameNodeAddress { get; }

    /// <summary>Creates a directory; with <paramref name="parents"/>, any missing parents too.</summary>
    Task MkdirsAsync(string path, bool parents, CancellationToken cancellationToken = default);

    /// <summary>Describes a path, or returns null when nothing is there.</summary>
    Task<FileEntry?> StatAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>A directory's entries (or the file itself); with <paramref name="recursive"/>, everything beneath.</summary>
    Task<IReadOnlyList<FileEntry>> ListAsync(string path, bool recursive = false, CancellationToken cancellationToken = default);

    /// <summary>A directory's entries as they are listed, one namenode call per directory as the enumeration reaches it.</summary>
    IAsyncEnumerable<FileEntry> EnumerateAsync(string path, bool recursive = false, CancellationToken cancellationToken = default);

    /// <summary>Deletes a path; returns the number of files deleted.</summary>
    Task<int> DeleteAsync(string path, bool recursive, CancellationToken cancellationToken = default);

    /// <summary>Changes the permission bits (octal like 750 or symbolic like u+w,go-r); returns how many inodes changed.</summary>
    Task<int> SetPermissionAsync(string path, string mode, bool recursive = false, CancellationToken cancellationToken = default);

    /// <summary>Changes the owner (admins only) and/or group (null leaves either); returns how many inodes changed.</summary>
    Task<int> SetOwnerAsync(string path, string? owner, string? group, bool recursive = false, CancellationToken cancellationToken = default);

    /// <summary>Changes a file's replication; false for a directory, which has none.</summary>
    Task<bool> SetReplicationAsync(string path, int replication, CancellationToken cancellationToken = default);

    /// <summary>Moves or renames a file or directory.</summary>
    Task RenameAsync(string source, string destination, CancellationToken cancellationToken = default);

    /// <summary>Stores a local file (Parquet split at row-group boundaries); progress goes to <see cref="PutOptions.Progress"/>.</summary>
    Task<PutResult> PutAsync(string localPath, string path, PutOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Stores what a stream holds, read to its end, as a local file would be stored.</summary>
    Task<PutResult> PutAsync(Stream content, string path, PutOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>A file's blocks with their live replicas.</summary>
    Task<IReadOnlyList<BlockInfo>> GetBlocksAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored file as a read-only, seekable stream that fetches blocks as they are read.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Writes a stored file's bytes to <paramref name="destination"/>; returns its length.</summary>
    Task<long> ReadToAsync(string path, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Writes up to <paramref name="count"/> bytes from <paramref name="offset"/> to <paramref name="destination"/>; returns how many there were.</summary>
    Task<long> ReadRangeToAsync(string path, long offset, long count, Stream destination, CancellationToken cancellationToken = default);

    /// <summary>Copies a stored file to a local file, which appears only once complete; <paramref name="progress"/> is told the bytes written so far.</summary>
    Task<long> GetAsync(string path, string localPath, bool overwrite = false, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Checks every block of every file under <paramref name="path"/> against its replication.</summary>
    Task<FsckReport> FsckAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Rebuilds a corrupt block from the chunks that still verify; returns the datanode that holds it.</summary>
    Task<string> RecoverBlockAsync(BlockInfo block, CancellationToken cancellationToken = default);

    /// <summary>The cluster's capacity, block counts and each datanode's state.</summary>
    Task<ClusterReport> GetClusterReportAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts draining a datanode (named by id or address).</summary>
    Task<DatanodeInfo> DecommissionAsync(string node, CancellationToken cancellationToken = default);

    /// <summary>Returns a decommissioning or decommissioned datanode to service.</summary>
    Task<DatanodeInfo> RecommissionAsync(string node, CancellationToken cancellationToken = default);

    /// <summary>Gets (<c>get</c>), enters (<c>enter</c>) or leaves (<c>leave</c>) safe mode; returns whether it is on and the namenode's status.</summary>
    Task<(bool On, string Status)> SafeModeAsync(string action, CancellationToken cancellationToken = default);

    /// <summary>Creates a user and returns their token. Admins only.</summary>
    Task<string> AddUserAsync(string name, bool admin, CancellationToken cancellationToken = default);

    /// <summary>Creates a user who is a member of <paramref name="groups"/> and returns their token. Admins only.</summary>
    Task<string> AddUserAsync(string name, bool admin, IReadOnlyList<string> groups, CancellationToken cancellationToken = default);

    /// <summary>The cluster's users. Admins only.</summary>
    Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes a user; their token stops working. Admins only.</summary>
    Task RemoveUserAsync(string name, CancellationToken cancellationToken = default);
}
