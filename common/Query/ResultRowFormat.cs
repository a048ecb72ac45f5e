using System.Runtime.InteropServices;
using System.Text;

namespace DataLocal.Common.Query;

/// <summary>
/// Result rows as bytes, as the namenode stores them and pages them out to clients: per row a marker byte (1),
/// then per value a presence byte and, when present, its invariant text as a length-prefixed UTF-8 string
/// (<see cref="BinaryWriter.Write(string)"/>'s form). The namenode copies stored rows into pages without
/// decoding their text; a client decodes each value once. (A protobuf message per row and a string field per
/// value cost the namenode a decode, an encode and a message per value, and were most of a large result's read.)
/// </summary>
public static class ResultRowFormat
{
    public static void WriteRow(BinaryWriter writer, IReadOnlyList<string?> row)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(row);
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

    /// <summary>A row's <paramref name="width"/> values, read after its marker.</summary>
    public static string?[] ReadValues(BinaryReader reader, int width)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var row = new string?[width];
        for (var i = 0; i < width; i++)
        {
            row[i] = reader.ReadBoolean() ? reader.ReadString() : null;
        }
        return row;
    }

    /// <summary>Copies a row's values (after its marker, which the caller read) unchanged, their text not decoded.</summary>
    public static void CopyValues(BinaryReader reader, int width, BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> chunk = stackalloc byte[4096];
        for (var i = 0; i < width; i++)
        {
            var present = reader.ReadBoolean();
            writer.Write(present);
            if (!present)
            {
                continue;
            }
            var length = reader.Read7BitEncodedInt();
            if (length < 0)
            {
                throw new InvalidDataException($"a stored result value has length {length}");
            }
            writer.Write7BitEncodedInt(length);
            for (var left = length; left > 0; left -= chunk.Length)
            {
                var piece = chunk[..Math.Min(left, chunk.Length)];
                reader.BaseStream.ReadExactly(piece);
                writer.Write(piece);
            }
        }
    }

    /// <summary>The rows of one page: each starts with its marker, and the page's end ends them.</summary>
    public static List<string?[]> ReadPage(ReadOnlyMemory<byte> page, int width)
    {
        var rows = new List<string?[]>();
        // A protobuf bytes field is backed by an array: read in place, not copied.
        var bytes = MemoryMarshal.TryGetArray(page, out var segment) ? segment : new ArraySegment<byte>(page.ToArray());
        using var reader = new BinaryReader(new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false), Encoding.UTF8);
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            if (!reader.ReadBoolean())
            {
                throw new InvalidDataException("a result page holds a row without its marker");
            }
            rows.Add(ReadValues(reader, width));
        }
        return rows;
    }
}
