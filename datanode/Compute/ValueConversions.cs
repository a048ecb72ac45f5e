namespace DataLocal.DataNode.Compute;

/// <summary>
/// Conversions from a stored Parquet type to a <see cref="ColumnVector"/>'s type, as structs so each use in a
/// generic decode loop is inlined (no delegate per value). Shared by both column decoders.
/// </summary>
internal static class ValueConversions
{
    /// <summary>A conversion from a stored type to the vector's type, as a struct so each use is inlined.</summary>
    public interface IConvert<TIn, TOut>
    {
        static abstract TOut Convert(TIn value);
    }

    public readonly struct Same<T> : IConvert<T, T>
    {
        public static T Convert(T value) => value;
    }

    public readonly struct IntToLong : IConvert<int, long>
    {
        public static long Convert(int value) => value;
    }

    public readonly struct ShortToLong : IConvert<short, long>
    {
        public static long Convert(short value) => value;
    }

    public readonly struct SByteToLong : IConvert<sbyte, long>
    {
        public static long Convert(sbyte value) => value;
    }

    public readonly struct ByteToLong : IConvert<byte, long>
    {
        public static long Convert(byte value) => value;
    }

    public readonly struct UShortToLong : IConvert<ushort, long>
    {
        public static long Convert(ushort value) => value;
    }

    public readonly struct UIntToLong : IConvert<uint, long>
    {
        public static long Convert(uint value) => value;
    }

    public readonly struct DayNumber : IConvert<DateOnly, long>
    {
        public static long Convert(DateOnly value) => value.DayNumber;
    }

    public readonly struct Ticks : IConvert<DateTime, long>
    {
        public static long Convert(DateTime value) => value.Ticks;
    }

    public readonly struct ULongToDecimal : IConvert<ulong, decimal>
    {
        public static decimal Convert(ulong value) => value;
    }

    /// <summary>UINT_8/16/32 arrive as INT32 bit patterns.</summary>
    public readonly struct UIntBitsToLong : IConvert<int, long>
    {
        public static long Convert(int value) => (uint)value;
    }

    /// <summary>Parquet's DATE (days since 1970-01-01) to <see cref="DateOnly.DayNumber"/>.</summary>
    public readonly struct UnixDaysToDayNumber : IConvert<int, long>
    {
        private const int UnixEpochDayNumber = 719_162;

        public static long Convert(int value) => UnixEpochDayNumber + (long)value;
    }
}
