using DataLocal.Common.Paths;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Common;
using LiteDB;

namespace DataLocal.Tests.NameNode;

/// <summary>A path means exactly what was typed: no trimming, no case folding, every length up to the limit.</summary>
public sealed class ExactPathNamespaceTests : IDisposable
{
    private readonly string _directory = Files.TempDirectory();
    private MetadataStore _store;
    private NamespaceManager _namespace;

    public ExactPathNamespaceTests()
    {
        _store = new MetadataStore(_directory);
        _namespace = new NamespaceManager(_store, TimeProvider.System);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public void CommitFile_NamedSpaceAtRoot_RootStaysADirectory_AcrossRestart()
    {
        _namespace.CommitFile(File("/keep.txt", 1), overwrite: false);

        _namespace.CommitFile(File("/ ", 6), overwrite: false);
        Reopen();

        var root = _namespace.Get("/");
        Assert.True(root.IsDirectory);
        Assert.Equal(["/ ", "/keep.txt"], _namespace.List("/").Select(n => n.Path));
        Assert.Equal(6, _namespace.Get("/ ").Length);
        _namespace.Mkdirs("/x", parents: false);
        Assert.True(_namespace.Get("/x").IsDirectory);
    }

    [Fact]
    public void CommitFile_TrailingSpace_IsAnotherFile_OriginalUntouched()
    {
        _namespace.CommitFile(File("/d/keep.txt", 10), overwrite: false);

        var replaced = _namespace.CommitFile(File("/d/keep.txt ", 20), overwrite: false);
        Reopen();

        Assert.Empty(replaced);
        Assert.Equal(10, _namespace.Get("/d/keep.txt").Length);
        Assert.Equal(20, _namespace.Get("/d/keep.txt ").Length);
        Assert.Equal(["/d/keep.txt", "/d/keep.txt "], _namespace.List("/d").Select(n => n.Path));
    }

    [Fact]
    public void Paths_DifferingOnlyInCase_AreDistinct()
    {
        _namespace.CommitFile(File("/c/Case.txt", 1), overwrite: false);

        Assert.Null(_namespace.Find("/C/CASE.TXT"));
        Assert.Null(_namespace.Find("/c/case.txt"));
        _namespace.CommitFile(File("/c/case.txt", 2), overwrite: false);
        Reopen();

        Assert.Equal(1, _namespace.Get("/c/Case.txt").Length);
        Assert.Equal(2, _namespace.Get("/c/case.txt").Length);
    }

    [Fact]
    public void Root_CannotBeReplacedRenamedOrDeleted()
    {
        Assert.Throws<NamespaceException>(() => _namespace.CommitFile(File("/", 1), overwrite: true));
        Assert.Throws<NamespaceException>(() => _namespace.Rename("/", "/elsewhere"));
        Assert.Throws<NamespaceException>(() => _namespace.Delete("/", recursive: true));
        // The store itself refuses too, whatever a caller above it forgets to check.
        Assert.Throws<InvalidOperationException>(() => _store.Commit([], [new INodeRecord { Path = "/", IsDirectory = false }]));
        Assert.Throws<InvalidOperationException>(() => _store.Commit(["/"], []));

        Assert.True(_namespace.Get("/").IsDirectory);
    }

    [Fact]
    public void PathOfMaximumLength_CommittedListedRenamedDeleted_AcrossRestart()
    {
        var longest = DataLocalPathTests.LongPath(DataLocalPath.MaxPathLength);
        var renamed = longest[..^1] + "m";

        _namespace.CommitFile(File(longest, 7), overwrite: false);
        Reopen();

        Assert.Equal(7, _namespace.Get(longest).Length);
        Assert.Equal([longest], _namespace.List(DataLocalPath.Parent(longest)).Select(n => n.Path));
        _namespace.Rename(longest, renamed);
        Assert.Null(_namespace.Find(longest));
        Assert.Equal(7, _namespace.Get(renamed).Length);
        var (files, _) = _namespace.Delete(longest[..(DataLocalPath.MaxSegmentLength + 1)], recursive: true);
        Assert.Equal(1, files);
        Assert.Null(_namespace.Find(renamed));
    }

    [Fact]
    public void DistinctPaths_NeverResolveToTheSameInode()
    {
        // Names built from characters that collations, trimming and normalisation like to merge.
        string[] alphabet = ["a", "A", " ", "\u00e9", "e\u0301", "\u00df", "ss", "\u0130", "i", "\u212a", "K", "\U0001F600", "."];
        var random = new Random(14);
        var paths = new HashSet<string>(StringComparer.Ordinal);
        while (paths.Count < 400)
        {
            var depth = random.Next(1, 4);
            var segments = Enumerable.Range(0, depth).Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length)])));
            var path = "/p/" + string.Join('/', segments);
            if (IsUsable(path))
            {
                paths.Add(path);
            }
        }
        var lengthOf = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var path in paths.OrderBy(p => p.Length))
        {
            if (_namespace.Find(path) is { IsDirectory: true })
            {
                continue; // already an ancestor of an earlier path
            }
            try
            {
                _namespace.CommitFile(File(path, lengthOf.Count + 1), overwrite: false);
                lengthOf[path] = lengthOf.Count + 1;
            }
            catch (NamespaceException)
            {
                // An ancestor is a file or the path already exists: both refusals are correct.
            }
        }
        Reopen();

        Assert.True(lengthOf.Count > 100, $"only {lengthOf.Count} files were created");
        foreach (var (path, length) in lengthOf)
        {
            var found = _namespace.Get(path);
            Assert.Equal(path, found.Path);
            Assert.Equal(length, found.Length);
        }
        Assert.Equal(lengthOf.Count, _namespace.AllFiles().Count());
    }

    [Fact]
    public void JobRecord_ValuesWithSpacesAndEmptyStrings_StoredExactly()
    {
        _store.SaveJob(new JobRecord { Id = "job-1", Sql = " SELECT 1 ", Rows = [[" padded ", "", null]] });
        Reopen();

        var job = _store.FindJob("job-1")!;

        Assert.Equal(" SELECT 1 ", job.Sql);
        Assert.Equal([" padded ", "", null], job.Rows[0]);
    }

    [Fact]
    public void NamespaceWrittenWithPathKeys_MigratedOnOpen()
    {
        _store.Dispose();
        var legacyDirectory = Files.TempDirectory();
        using (var legacy = new LiteDatabase(Path.Combine(legacyDirectory, MetadataStore.FileName)))
        {
            var inodes = legacy.GetCollection("inodes");
            inodes.Insert(new BsonDocument { ["_id"] = "/", ["Parent"] = "", ["IsDirectory"] = true });
            inodes.Insert(new BsonDocument { ["_id"] = "/old", ["Parent"] = "/", ["IsDirectory"] = true });
            inodes.Insert(new BsonDocument { ["_id"] = "/old/f.parquet", ["Parent"] = "/old", ["Length"] = 42L, ["Blocks"] = new BsonArray() });
        }

        _store = new MetadataStore(legacyDirectory);
        _namespace = new NamespaceManager(_store, TimeProvider.System);

        Assert.Equal(42, _namespace.Get("/old/f.parquet").Length);
        Assert.Equal(["/old"], _namespace.List("/").Select(n => n.Path));
        Assert.Equal(["/old/f.parquet"], _namespace.List("/old").Select(n => n.Path));
    }

    private static bool IsUsable(string path)
    {
        try
        {
            return DataLocalPath.Normalize(path) == path;
        }
        catch (InvalidPathException)
        {
            return false;
        }
    }

    private void Reopen()
    {
        _store.Dispose();
        _store = new MetadataStore(_directory);
        _namespace = new NamespaceManager(_store, TimeProvider.System);
    }

    private static INodeRecord File(string path, long length) => new() { Path = path, Length = length };
}
