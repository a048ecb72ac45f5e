using DataLocal.Common.Paths;
using LiteDB;

namespace DataLocal.NameNode.Persistence;

/// <summary>
/// The only code that touches the namenode's LiteDB file: inodes, the block-id sequence, jobs and their results, users.
/// Every method commits before it returns, so a caller may acknowledge a client afterwards.
/// Inodes are looked up by <see cref="PathKey"/> and their stored path is compared ordinally,
/// so a path means exactly the bytes that were typed.
/// </summary>
public sealed class MetadataStore : IDisposable
{
    public const string FileName = "namespace.db";

    // Collection names: "inodes" held path-keyed records before keys became digests; it is migrated once.
    private const string InodeCollection = "namespace";
    private const string LegacyInodeCollection = "inodes";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<INodeRecord> _inodes;
    private readonly ILiteCollection<SequenceRecord> _sequences;
    private readonly ILiteCollection<JobRecord> _jobs;
    private readonly ILiteCollection<UserRecord> _users;

    // Most inode bytes kept in memory for lookups (see InodeCache); beyond it, lookups query LiteDB. Enough for
    // the benchmark's 1,000,000 blocks in 100,000 files, within its 1 KB of heap per block.
    private const long InodeCacheBytes = 256L * 1024 * 1024;

    private readonly InodeCache _cache = new(InodeCacheBytes);

    public MetadataStore(string directory)
        // Direct mode: one process owns the file, and writes go to disk before Commit returns.
        : this(new LiteDatabase($"Filename={System.IO.Path.Combine(CreatedDirectory(directory), FileName)};Connection=direct", ExactStringMapper()))
    {
    }

    private MetadataStore(LiteDatabase database)
    {
        _database = database;
        _inodes = _database.GetCollection<INodeRecord>(InodeCollection);
        _inodes.EnsureIndex(x => x.ParentKey);
        _sequences = _database.GetCollection<SequenceRecord>("sequences");
        _jobs = _database.GetCollection<JobRecord>("jobs");
        _users = _database.GetCollection<UserRecord>("users");
        _users.EnsureIndex(x => x.TokenId, unique: true);
        MigratePathKeyedInodes();
    }

    /// <summary>A store in memory, gone when disposed: for tests that build thousands of namenode cores.</summary>
    internal static MetadataStore InMemory() => new(new LiteDatabase(new MemoryStream(), InMemoryMapper.Value));

    // Building a mapper costs milliseconds of reflection; in-memory stores come by the thousand.
    private static readonly Lazy<BsonMapper> InMemoryMapper = new(ExactStringMapper);

    private static string CreatedDirectory(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    public INodeRecord? Find(string path)
    {
        if (_cache.TryGet(path, out var cached))
        {
            return cached;
        }
        var versionRead = _cache.Version;
        var record = _inodes.FindById(PathKey.For(path));
        if (record is not null && !string.Equals(record.Path, path, StringComparison.Ordinal))
        {
            // Two paths with one SHA-256 digest: never seen, and silently answering with the other
            // path's inode would be the one thing worse than failing.
            throw new InvalidOperationException($"metadata key collision between '{path}' and '{record.Path}'");
        }
        if (record is not null)
        {
            _cache.AddIfUnchanged(record, versionRead);
        }
        return record;
    }

    public IReadOnlyList<INodeRecord> Children(string path) =>
        [.. _inodes.Find(Query.EQ(nameof(INodeRecord.ParentKey), PathKey.For(path)))];

    /// <summary>Every inode at or below <paramref name="path"/>, walked through the children index.</summary>
    public IReadOnlyList<INodeRecord> Subtree(string path)
    {
        var top = Find(path);
        if (top is null)
        {
            return [];
        }
        var subtree = new List<INodeRecord> { top };
        for (var next = 0; next < subtree.Count; next++)
        {
            if (subtree[next].IsDirectory)
            {
                subtree.AddRange(Children(subtree[next].Path));
            }
        }
        return subtree;
    }

    public IEnumerable<INodeRecord> AllFiles() => _inodes.Find(x => !x.IsDirectory);

    public long CountFiles() => _inodes.LongCount(x => !x.IsDirectory);

    /// <summary>Applies deletions then upserts in one transaction.</summary>
    public void Commit(IEnumerable<string> deletePaths, IEnumerable<INodeRecord> upserts)
    {
        var deleted = deletePaths.ToList();
        var upserted = upserts.ToList();
        InTransaction(() =>
        {
            foreach (var path in deleted)
            {
                if (path == DataLocalPath.Root)
                {
                    throw new InvalidOperationException("the root directory cannot be deleted");
                }
                _inodes.Delete(PathKey.For(path));
            }
            foreach (var record in upserted)
            {
                if (record.Path == DataLocalPath.Root && !record.IsDirectory)
                {
                    throw new InvalidOperationException("the root directory cannot be replaced by a file");
                }
                AssignKeys(record);
                _inodes.Upsert(record);
            }
        });
        // Only what committed reaches the cache; a transaction that threw changed nothing.
        _cache.Apply(deleted, upserted);
    }

    public long NextId(string sequence)
    {
        var record = _sequences.FindById(sequence) ?? new SequenceRecord { Name = sequence, Next = 1_073_741_825 };
        var id = record.Next;
        record.Next = id + 1;
        _sequences.Upsert(record);
        return id;
    }

    /// <summary>Adds a user; false when one of that name exists.</summary>
    public bool AddUser(UserRecord user)
    {
        if (_users.FindById(user.Name) is not null)
        {
            return false;
        }
        _users.Insert(user);
        return true;
    }

    public IReadOnlyList<UserRecord> AllUsers() => [.. _users.FindAll().OrderBy(u => u.Name, StringComparer.Ordinal)];

    public bool RemoveUser(string name) => _users.Delete(name);

    public int CountUsers() => _users.Count();

    public void SaveJob(JobRecord job) => _jobs.Upsert(job);

    public JobRecord? FindJob(string id) => _jobs.FindById(id);

    public IReadOnlyList<JobRecord> AllJobs() => [.. _jobs.FindAll()];

    /// <summary>
    /// Stores a job's result as a LiteDB file (in chunks) rather than in its job record: a record is
    /// one document, documents end at 16 MB, and a result may be as large as --max-result-size.
    /// </summary>
    public void SaveJobResult(string jobId, Action<Stream> write)
    {
        // One transaction for the whole file: LiteDB commits each chunk of a file by itself otherwise, and
        // those commits were most of the time a 10 MB result took to store (half a second).
        var ownTransaction = _database.BeginTrans();
        try
        {
            using (var stream = _database.FileStorage.OpenWrite(ResultFileId(jobId), jobId))
            {
                // Buffered: a result is written value by value, and each write to a LiteDB file stream costs
                // far more than a copy (a 100,000-row result took seconds unbuffered).
                using var buffered = new BufferedStream(stream, ResultBufferBytes);
                write(buffered);
                buffered.Flush();
            }
            if (ownTransaction)
            {
                _database.Commit();
            }
        }
        catch
        {
            if (ownTransaction)
            {
                _database.Rollback();
            }
            throw;
        }
    }

    /// <summary>Deletes a job's stored result, if it has one.</summary>
    public void DeleteJobResult(string jobId) => _database.FileStorage.Delete(ResultFileId(jobId));

    /// <summary>A stored job result to read, or null when the job stored none.</summary>
    public Stream? OpenJobResult(string jobId) =>
        _database.FileStorage.Exists(ResultFileId(jobId)) ? new BufferedStream(_database.FileStorage.OpenRead(ResultFileId(jobId)), ResultBufferBytes) : null;

    private const int ResultBufferBytes = 64 * 1024;

    public void Dispose() => _database.Dispose();

    private static string ResultFileId(string jobId) => "job-results/" + jobId;

    /// <summary>
    /// LiteDB's default mapper trims every string and stores "" as null: "/d/f " became "/d/f" and
    /// replaced it, and "/ " replaced the root. Stored strings must be exactly what was given.
    /// </summary>
    private static BsonMapper ExactStringMapper() => new()
    {
        TrimWhitespace = false,
        EmptyStringToNull = false,
    };

    private void InTransaction(Action changes)
    {
        _database.BeginTrans();
        try
        {
            changes();
            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    private static void AssignKeys(INodeRecord record)
    {
        record.Key = PathKey.For(record.Path);
        // The root has no parent; an empty key keeps it out of every directory's children.
        record.ParentKey = record.Path == DataLocalPath.Root ? string.Empty : PathKey.For(record.Parent);
    }

    /// <summary>Moves inodes written under their path as key into the digest-keyed collection.</summary>
    private void MigratePathKeyedInodes()
    {
        if (!_database.CollectionExists(LegacyInodeCollection))
        {
            return;
        }
        var legacy = _database.GetCollection(LegacyInodeCollection);
        InTransaction(() =>
        {
            foreach (var document in legacy.FindAll())
            {
                var record = _database.Mapper.ToObject<INodeRecord>(document);
                record.Path = document["_id"].AsString;
                AssignKeys(record);
                _inodes.Upsert(record);
            }
        });
        // LiteDB cannot drop inside a transaction. A crash before this line only repeats the
        // copy on the next start, which upserts the same records again.
        _database.DropCollection(LegacyInodeCollection);
    }

    /// <summary>A named counter.</summary>
    public sealed class SequenceRecord
    {
        [BsonId]
        public string Name { get; set; } = string.Empty;

        public long Next { get; set; }
    }
}
