namespace DataLocal.DataNode.Storage;

/// <summary>
/// Opens a replica's files without following a symbolic link planted in their place: a link in the
/// block directory (to /etc/passwd, another node's data, anything outside the store) would otherwise be
/// read and served as the block, its checksum file being as easy to plant. The path is checked before
/// and after opening, so a link swapped in between is caught too unless swapped out again at once.
/// </summary>
internal static class ReplicaFile
{
    /// <summary>True when <paramref name="path"/> is itself a symbolic link (whatever it points to).</summary>
    public static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    public static FileStream OpenRead(string path, FileOptions options = FileOptions.None)
    {
        Refuse(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, options);
        if (IsLink(path))
        {
            stream.Dispose();
            Refuse(path);
        }
        return stream;
    }

    public static byte[] ReadAllBytes(string path)
    {
        using var stream = OpenRead(path);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static void Refuse(string path)
    {
        if (IsLink(path))
        {
            throw new SymbolicLinkRefusedException(path);
        }
    }
}

/// <summary>A replica's file is a symbolic link, which is never followed.</summary>
public sealed class SymbolicLinkRefusedException(string path)
    : IOException($"{Path.GetFileName(path)} is a symbolic link; a replica's files are never followed through links");
