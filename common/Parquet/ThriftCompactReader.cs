using System.Buffers.Binary;
using System.Text;

namespace DataLocal.Common.Parquet;

/// <summary>Wire types of the Thrift compact protocol; both boolean codes collapse to <see cref="Bool"/>.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Names mirror the Thrift specification.")]
public enum ThriftType : byte
{
    Stop = 0,
    Bool = 1,
    Byte = 3,
    I16 = 4,
    I32 = 5,
    I64 = 6,
    Double = 7,
    Binary = 8,
    List = 9,
    Set = 10,
    Map = 11,
    Struct = 12,
}

/// <summary>A field header: its id and wire type.</summary>
public readonly record struct ThriftField(short Id, ThriftType Type);

/// <summary>A list, set or map header: element (or key/value) types and entry count.</summary>
public readonly record struct ThriftCollectionHeader(ThriftType ElementType, ThriftType ValueType, int Count);

/// <summary>
/// A strict, bounded reader of the Thrift compact protocol over an in-memory buffer. Parquet footers and
/// page headers come from untrusted files, so every read is bounds-checked, nesting is limited, collection
/// sizes must fit in the bytes left, and every loop consumes at least one byte per turn: a hostile input
/// can make it throw <see cref="InvalidParquetException"/>, never hang or allocate more than the input.
/// </summary>
public sealed class ThriftCompactReader
{
    /// <summary>Deepest struct/collection nesting accepted; Parquet's own metadata needs about 8.</summary>
    public const int MaxDepth = 32;

    private readonly byte[] _buffer;
    private readonly int _start;
    private readonly int _end;
    private readonly Stack<short> _outerLastFieldIds = new();
    private int _position;
    private short _lastFieldId;
    private bool? _fieldBool;

    public ThriftCompactReader(byte[] buffer)
        : this(buffer, 0, buffer?.Length ?? 0)
    {
    }

    public ThriftCompactReader(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length - offset);
        _buffer = buffer;
        _start = offset;
        _position = offset;
        _end = offset + count;
    }

    /// <summary>Bytes consumed so far.</summary>
    public int Position => _position - _start;

    /// <summary>Bytes not yet consumed.</summary>
    public int Remaining => _end - _position;

    /// <summary>Current nesting depth (structs and collections being read).</summary>
    public int Depth { get; private set; }

    /// <summary>Enters a struct: field ids restart from zero for its delta encoding.</summary>
    public void BeginStruct()
    {
        Enter();
        _outerLastFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    /// <summary>Leaves a struct after its stop field has been read.</summary>
    public void EndStruct()
    {
        if (!_outerLastFieldIds.TryPop(out var outer))
        {
            throw new InvalidOperationException("EndStruct without BeginStruct.");
        }
        _lastFieldId = outer;
        Depth--;
    }

    /// <summary>Reads the next field header of the current struct; false at its stop field.</summary>
    public bool TryReadField(out ThriftField field)
    {
        var header = ReadRawByte();
        if (header == 0)
        {
            field = default;
            return false;
        }
        var type = ToType(header & 0x0F, inCollection: false);
        var delta = header >> 4;
        short id;
        if (delta != 0)
        {
            // Widened: a last id near short.MaxValue plus a delta must fail as invalid, not overflow.
            var next = _lastFieldId + delta;
            id = next <= short.MaxValue ? (short)next : throw Invalid($"Thrift field id {next} out of range");
        }
        else
        {
            id = ReadI16();
        }
        if (id <= 0)
        {
            throw Invalid($"Thrift field id {id} is not positive");
        }
        _lastFieldId = id;
        _fieldBool = (header & 0x0F) switch
        {
            1 => true,
            2 => false,
            _ => null,
        };
        field = new ThriftField(id, type);
        return true;
    }

    /// <summary>Reads a boolean: the value carried by the last field header, or one byte inside a collection.</summary>
    public bool ReadBool()
    {
        if (_fieldBool is { } value)
        {
            _fieldBool = null;
            return value;
        }
        return ReadRawByte() switch
        {
            1 => true,
            0 or 2 => false,
            var other => throw Invalid($"Thrift boolean byte {other}"),
        };
    }

    public sbyte ReadByte() => unchecked((sbyte)ReadRawByte());

    public short ReadI16()
    {
        var value = ReadI32();
        if (value is < short.MinValue or > short.MaxValue)
        {
            throw Invalid($"Thrift i16 value {value} out of range");
        }
        return (short)value;
    }

    public int ReadI32()
    {
        var raw = ReadVarint(maxBytes: 5);
        if (raw > uint.MaxValue)
        {
            throw Invalid("Thrift i32 varint too long");
        }
        var u = (uint)raw;
        return (int)(u >> 1) ^ -(int)(u & 1);
    }

    public long ReadI64()
    {
        var u = ReadVarint(maxBytes: 10);
        return (long)(u >> 1) ^ -(long)(u & 1);
    }

    public double ReadDouble()
    {
        Require(8);
        var value = BinaryPrimitives.ReadDoubleLittleEndian(_buffer.AsSpan(_position, 8));
        _position += 8;
        return value;
    }

    /// <summary>Reads a length-prefixed byte string as a view into the buffer (no copy).</summary>
    public ReadOnlySpan<byte> ReadBinarySpan()
    {
        var length = ReadVarint(maxBytes: 5);
        if (length > (ulong)Remaining)
        {
            throw Invalid($"Thrift binary of {length} bytes runs past the end ({Remaining} left)");
        }
        var span = _buffer.AsSpan(_position, (int)length);
        _position += (int)length;
        return span;
    }

    public byte[] ReadBinary() => ReadBinarySpan().ToArray();

    /// <summary>Reads a string that must be valid UTF-8.</summary>
    public string ReadString()
    {
        var bytes = ReadBinarySpan();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidParquetException("Thrift string is not valid UTF-8", e);
        }
    }

    /// <summary>Reads a list or set header. Pair it with <see cref="EndCollection"/>.</summary>
    public ThriftCollectionHeader ReadListHeader()
    {
        Enter();
        var header = ReadRawByte();
        var type = ToType(header & 0x0F, inCollection: true);
        long count = header >> 4;
        if (count == 15)
        {
            count = (long)ReadVarint(maxBytes: 5);
        }
        // Every element takes at least one byte, so a count beyond the bytes left is a lie.
        if (count > Remaining)
        {
            throw Invalid($"Thrift list of {count} elements but only {Remaining} bytes left");
        }
        return new ThriftCollectionHeader(type, type, (int)count);
    }

    /// <summary>Reads a map header. Pair it with <see cref="EndCollection"/>.</summary>
    public ThriftCollectionHeader ReadMapHeader()
    {
        Enter();
        var count = ReadVarint(maxBytes: 5);
        if (count == 0)
        {
            return new ThriftCollectionHeader(ThriftType.Stop, ThriftType.Stop, 0);
        }
        var types = ReadRawByte();
        var keyType = ToType(types >> 4, inCollection: true);
        var valueType = ToType(types & 0x0F, inCollection: true);
        // Every entry takes at least two bytes (a key and a value).
        if (count > (ulong)Remaining / 2)
        {
            throw Invalid($"Thrift map of {count} entries but only {Remaining} bytes left");
        }
        return new ThriftCollectionHeader(keyType, valueType, (int)count);
    }

    /// <summary>Leaves a list, set or map.</summary>
    public void EndCollection() => Depth--;

    /// <summary>Skips a value of the given type, e.g. a field this reader does not know.</summary>
    public void Skip(ThriftType type)
    {
        switch (type)
        {
            case ThriftType.Bool:
                ReadBool();
                break;
            case ThriftType.Byte:
                ReadRawByte();
                break;
            case ThriftType.I16:
            case ThriftType.I32:
            case ThriftType.I64:
                ReadVarint(maxBytes: 10);
                break;
            case ThriftType.Double:
                Require(8);
                _position += 8;
                break;
            case ThriftType.Binary:
                ReadBinarySpan();
                break;
            case ThriftType.List:
            case ThriftType.Set:
                SkipList();
                break;
            case ThriftType.Map:
                SkipMap();
                break;
            case ThriftType.Struct:
                SkipStruct();
                break;
            default:
                throw Invalid($"cannot skip Thrift type {type}");
        }
    }

    /// <summary>Skips a whole struct, from its first field header to its stop field.</summary>
    public void SkipStruct()
    {
        BeginStruct();
        while (TryReadField(out var field))
        {
            Skip(field.Type);
        }
        EndStruct();
    }

    /// <summary>Fails unless a field has the wire type the schema says it must have.</summary>
    public static void Expect(ThriftField field, ThriftType type, string what)
    {
        if (field.Type != type)
        {
            throw Invalid($"{what} has Thrift type {field.Type}, expected {type}");
        }
    }

    private void SkipList()
    {
        var list = ReadListHeader();
        for (var i = 0; i < list.Count; i++)
        {
            Skip(list.ElementType);
        }
        EndCollection();
    }

    private void SkipMap()
    {
        var map = ReadMapHeader();
        for (var i = 0; i < map.Count; i++)
        {
            Skip(map.ElementType);
            Skip(map.ValueType);
        }
        EndCollection();
    }

    private void Enter()
    {
        if (Depth >= MaxDepth)
        {
            throw Invalid($"Thrift nesting deeper than {MaxDepth}");
        }
        Depth++;
    }

    private byte ReadRawByte()
    {
        Require(1);
        return _buffer[_position++];
    }

    private ulong ReadVarint(int maxBytes)
    {
        ulong result = 0;
        for (var i = 0; i < maxBytes; i++)
        {
            var b = ReadRawByte();
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw Invalid("Thrift varint too long");
    }

    private void Require(int bytes)
    {
        if (Remaining < bytes)
        {
            throw Invalid("Thrift data ends unexpectedly");
        }
    }

    private static ThriftType ToType(int code, bool inCollection) => code switch
    {
        // Inside a collection a boolean element is a byte of its own; 1 and 2 are both "bool" there too.
        1 or 2 => ThriftType.Bool,
        >= 3 and <= 12 => (ThriftType)code,
        0 when inCollection => throw Invalid("Thrift collection of type stop"),
        _ => throw Invalid($"unknown Thrift type code {code}"),
    };

    private static InvalidParquetException Invalid(string reason) => new(reason);

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
