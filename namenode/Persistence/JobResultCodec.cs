using System.Text;
using DataLocal.Common.Query;

namespace DataLocal.NameNode.Persistence;

/// <summary>
/// The stored form of a job's result: its columns, then its rows one after another in
/// <see cref="ResultRowFormat"/>, then a 0 byte, so a reader can page through a result of hundreds of
/// megabytes without ever holding it whole.
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
            ResultRowFormat.WriteRow(writer, row);
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
        return new StoredJobResult(columns, reader);
    }
}

/// <summary>
/// A job's result as stored: its columns, and its rows read once, in order, either decoded (<see cref="Rows"/>)
/// or copied in their stored form into pages (<see cref="CopyRowsTo"/>), not both.
/// </summary>
public sealed class StoredJobResult : IDisposable
{
    private readonly BinaryReader? _stored;
    private readonly IEnumerator<IReadOnlyList<string?>>? _inline;
    private bool _ended;

    /// <summary>A result read from its stored form.</summary>
    public StoredJobResult(IReadOnlyList<string> columns, BinaryReader stored)
    {
        Columns = columns;
        _stored = stored;
    }

    /// <summary>A result whose rows are in memory (job records from before results were stored apart).</summary>
    public StoredJobResult(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        Columns = columns;
        _inline = rows.GetEnumerator();
    }

    public IReadOnlyList<string> Columns { get; }

    public IEnumerable<IReadOnlyList<string?>> Rows
    {
        get
        {
            while (NextRow() is { } row)
            {
                yield return row;
            }
        }
    }

    /// <summary>
    /// Copies whole rows in <see cref="ResultRowFormat"/> into <paramref name="page"/> until it holds at least
    /// <paramref name="bytes"/> bytes or the rows end; the number of rows copied (0 once they have ended).
    /// </summary>
    public int CopyRowsTo(BinaryWriter page, long bytes)
    {
        ArgumentNullException.ThrowIfNull(page);
        var copied = 0;
        while (page.BaseStream.Length < bytes && !_ended)
        {
            if (_stored is not null)
            {
                if (!_stored.ReadBoolean())
                {
                    _ended = true;
                    break;
                }
                page.Write(true);
                ResultRowFormat.CopyValues(_stored, Columns.Count, page);
            }
            else if (_inline!.MoveNext())
            {
                ResultRowFormat.WriteRow(page, _inline.Current);
            }
            else
            {
                _ended = true;
                break;
            }
            copied++;
        }
        return copied;
    }

    private IReadOnlyList<string?>? NextRow()
    {
        if (_ended)
        {
            return null;
        }
        if (_stored is not null ? _stored.ReadBoolean() : _inline!.MoveNext())
        {
            return _stored is not null ? ResultRowFormat.ReadValues(_stored, Columns.Count) : _inline!.Current;
        }
        _ended = true;
        return null;
    }

    public void Dispose()
    {
        _stored?.Dispose();
        _inline?.Dispose();
    }
}
