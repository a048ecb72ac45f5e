using System.Text;

namespace DataLocal.NameNode.Persistence;

/// <summary>
/// The stored form of a job's result: its columns, then its rows one after another, so a reader can
/// page through a result of hundreds of megabytes without ever holding it whole.
/// </summary>
public static class JobResultCodec
{
    private const int Version = 1;

    public static void Write(Stream stream, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(columns.Count);
        foreach (var column in columns)
        {
            writer.Write(column);
        }
        foreach (var row in rows)
        {
            writer.Write(true);
            foreach (var value in row)
            {
                writer.Write(value is not null);
                if (value is not null)
                {
                    writer.Write(value);
                }
            }
        }
        writer.Write(false);
    }

    /// <summary>Opens a stored result; the reader owns the stream.</summary>
    public static StoredJobResult Read(Stream stream)
    {
        var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: false);
        var version = reader.ReadInt32();
        if (version != Version)
        {
            reader.Dispose();
            throw new InvalidDataException($"stored job result has format version {version}; this namenode reads version {Version}");
        }
        var columns = new string[reader.ReadInt32()];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = reader.ReadString();
        }
        return new StoredJobResult(columns, ReadRows(reader, columns.Length), reader);
    }

    private static IEnumerable<IReadOnlyList<string?>> ReadRows(BinaryReader reader, int width)
    {
        while (reader.ReadBoolean())
        {
            var row = new string?[width];
            for (var i = 0; i < width; i++)
            {
                row[i] = reader.ReadBoolean() ? reader.ReadString() : null;
            }
            yield return row;
        }
    }
}

/// <summary>A job's result as stored: its columns, and its rows read lazily in order (once).</summary>
public sealed class StoredJobResult(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows, IDisposable? source = null) : IDisposable
{
    public IReadOnlyList<string> Columns { get; } = columns;

    public IEnumerable<IReadOnlyList<string?>> Rows { get; } = rows;

    public void Dispose() => source?.Dispose();
}
