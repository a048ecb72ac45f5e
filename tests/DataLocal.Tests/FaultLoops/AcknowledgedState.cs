using DataLocal.Client;
using DataLocal.Client.Model;

namespace DataLocal.Tests.FaultLoops;

/// <summary>
/// What a client was told happened, and what it cannot know (the change in flight when the namenode
/// died). Verification checks the namespace against it: every acknowledged change is there, nothing
/// else is, and an unknown change is either wholly there or wholly absent.
/// </summary>
public sealed class AcknowledgedState
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreadFiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private (string Path, byte[] Content)? _putInFlight;
    private string? _mkdirInFlight;
    private string? _deleteInFlight;
    private int _next;

    public int AcknowledgedPuts { get; private set; }

    public bool HasFiles => _files.Count > 0;

    public string Summary => $"{_files.Count} files, {_directories.Count} directories, {_deleted.Count} deletions acknowledged";

    public (string Path, byte[] Content) NextFile(Random random)
    {
        var content = new byte[random.Next(1, 64 * 1024)];
        random.NextBytes(content);
        return ($"/loop/f{_next++:D6}", content);
    }

    public string NextDirectory() => $"/loop/d{_next++:D6}";

    public string AnyFile(Random random) => _files.Keys.ElementAt(random.Next(_files.Count));

    public void PutStarted(string path, byte[] content) => _putInFlight = (path, content);

    public void PutAcknowledged(string path)
    {
        _files[path] = _putInFlight!.Value.Content;
        _unreadFiles.Add(path);
        _putInFlight = null;
        AcknowledgedPuts++;
    }

    public void MkdirStarted(string path) => _mkdirInFlight = path;

    public void MkdirAcknowledged(string path)
    {
        _directories.Add(path);
        _mkdirInFlight = null;
    }

    public void DeleteStarted(string path) => _deleteInFlight = path;

    public void DeleteAcknowledged(string path)
    {
        _files.Remove(path);
        _unreadFiles.Remove(path);
        _deleted.Add(path);
        _deleteInFlight = null;
    }

    /// <summary>Checks the namespace under <paramref name="root"/>; returns how many files were read back whole.</summary>
    public async Task<int> VerifyAsync(DataLocalClient client, string root)
    {
        var listed = (await client.ListAsync(root, recursive: true)).ToDictionary(e => e.Path, StringComparer.Ordinal);
        var read = 0;
        foreach (var (path, content) in _files)
        {
            Assert.True(listed.TryGetValue(path, out var entry), $"acknowledged put of {path} was lost");
            Assert.Equal(content.Length, entry!.Length);
        }
        foreach (var directory in _directories)
        {
            Assert.True(listed.TryGetValue(directory, out var entry) && entry.IsDirectory, $"acknowledged mkdir of {directory} was lost");
        }
        foreach (var path in _deleted)
        {
            Assert.False(listed.ContainsKey(path), $"acknowledged delete of {path} came back");
        }
        ResolveInFlight(listed);
        foreach (var path in _unreadFiles.ToList())
        {
            await AssertContentAsync(client, path, _files[path]);
            _unreadFiles.Remove(path);
            read++;
        }
        var unexpected = listed.Values.Where(e => !e.IsDirectory && !_files.ContainsKey(e.Path)).Select(e => e.Path).ToList();
        Assert.True(unexpected.Count == 0, $"files nobody was told exist are visible: {string.Join(", ", unexpected)}");
        return read;
    }

    // The change in flight at the kill: if it happened, it happened whole, and from now on it is known.
    private void ResolveInFlight(Dictionary<string, FileEntry> listed)
    {
        if (_putInFlight is { } put)
        {
            if (listed.TryGetValue(put.Path, out var entry))
            {
                Assert.Equal(put.Content.Length, entry.Length);
                _files[put.Path] = put.Content;
                _unreadFiles.Add(put.Path);
            }
            _putInFlight = null;
        }
        if (_mkdirInFlight is { } mkdir && listed.ContainsKey(mkdir))
        {
            _directories.Add(mkdir);
        }
        _mkdirInFlight = null;
        if (_deleteInFlight is { } delete && !listed.ContainsKey(delete))
        {
            _files.Remove(delete);
            _unreadFiles.Remove(delete);
            _deleted.Add(delete);
        }
        _deleteInFlight = null;
    }

    private static async Task AssertContentAsync(DataLocalClient client, string path, byte[] expected)
    {
        using var copy = new MemoryStream();
        await client.ReadToAsync(path, copy);
        Assert.True(expected.AsSpan().SequenceEqual(copy.ToArray()), $"{path} reads back different bytes");
    }
}
