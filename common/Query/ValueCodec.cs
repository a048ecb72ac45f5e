namespace DataLocal.Common.Query;

/// <summary>A value as one tag byte and a fixed little-endian payload (strings length-prefixed UTF-8).</summary>
internal static class ValueCodec
{
    public static void Write(BinaryWriter writer, object? value)
    {
        writer.Write((byte)SqlValues.KindOf(value));
        switch (value)
        {
            case null:
                break;
            case bool b:
                writer.Write(b);
                break;
            case long l:
                writer.Write(l);
                break;
            case double d:
                writer.Write(d);
                break;
            case float f:
                writer.Write(f);
                break;
            case decimal m:
                writer.Write(m);
                break;
            case string s:
                writer.Write(s);
                break;
            case DateOnly date:
                writer.Write(date.DayNumber);
                break;
            case DateTime time:
                writer.Write(time.Ticks);
                break;
        }
    }

    public static object? Read(BinaryReader reader) => (ValueKind)reader.ReadByte() switch
    {
        ValueKind.Null => null,
        ValueKind.Boolean => reader.ReadBoolean(),
        ValueKind.BigInt => reader.ReadInt64(),
        ValueKind.Real => reader.ReadDouble(),
        ValueKind.Float => reader.ReadSingle(),
        ValueKind.Numeric => reader.ReadDecimal(),
        ValueKind.Varchar => reader.ReadString(),
        ValueKind.Date => DateOnly.FromDayNumber(reader.ReadInt32()),
        ValueKind.Timestamp => new DateTime(reader.ReadInt64(), DateTimeKind.Unspecified),
        var tag => throw new InvalidDataException($"bad value tag {(int)tag} in partial result"),
    };
}
