using LiteDB;

namespace DataLocal.NameNode.Persistence;

/// <summary>
/// The only code that touches the namenode's LiteDB file: inodes and the block-id sequence.
/// Every method commits before it returns, so a caller may acknowledge a client afterwards.
/// </summary>
public sealed class MetadataStore : IDisposable
{
    public const string FileName = "namespace.db";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<INodeRecord> _inodes;
    private readonly ILiteCollection<SequenceRecord> _sequences;
    private readonly ILiteCollection<JobRecord> _jobs;

    public MetadataStore(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        // Direct mode: one process owns the file, and writes go to disk before Commit returns.
        _database = new LiteDatabase($"Filename={System.IO.Path.Combine(directory, FileName)};Connection=direct");
        _inodes = _database.GetCollection<INodeRecord>("inodes");
        _inodes.EnsureIndex(x => x.Parent);
        _sequences = _database.GetCollection<SequenceRecord>("sequences");
        _jobs = _database.GetCollection<JobRecord>("jobs");
    }

    public INodeRecord? Find(string path) => _inodes.FindById(path);

    public IReadOnlyList<INodeRecord> Children(string path) => [.. _inodes.Find(x => x.Parent == path)];

    /// <summary>Every inode at or below <paramref name="path"/>.</summary>
    public IReadOnlyList<INodeRecord> Subtree(string path)
    {
        var prefix = path == "/" ? "/" : path + "/";
        return [.. _inodes.Find(Query.Or(Query.EQ("_id", path), Query.StartsWith("_id", prefix)))];
    }

    public IEnumerable<INodeRecord> AllFiles() => _inodes.Find(x => !x.IsDirectory);

    public long CountFiles() => _inodes.LongCount(x => !x.IsDirectory);

    /// <summary>Applies deletions then upserts in one transaction.</summary>
    public void Commit(IEnumerable<string> deletePaths, IEnumerable<INodeRecord> upserts)
    {
        _database.BeginTrans();
        try
        {
            foreach (var path in deletePaths)
            {
                _inodes.Delete(path);
            }
            foreach (var record in upserts)
            {
                _inodes.Upsert(record);
            }
            _database.Commit();
        }
        catch
        {
            _database.Rollback();
            throw;
        }
    }

    /// <summary>Reserves the next id of a sequence durably, so ids are never reused after a restart.</summary>
    public long NextId(string sequence)
    {
        var record = _sequences.FindById(sequence) ?? new SequenceRecord { Name = sequence, Next = 1_073_741_825 };
        var id = record.Next;
        record.Next = id + 1;
        _sequences.Upsert(record);
        return id;
    }

    public void SaveJob(JobRecord job) => _jobs.Upsert(job);

    public JobRecord? FindJob(string id) => _jobs.FindById(id);

    public IReadOnlyList<JobRecord> AllJobs() => [.. _jobs.FindAll()];

    public void Dispose() => _database.Dispose();

    /// <summary>A named counter.</summary>
    public sealed class SequenceRecord
    {
        [BsonId]
        public string Name { get; set; } = string.Empty;

        public long Next { get; set; }
    }
}
