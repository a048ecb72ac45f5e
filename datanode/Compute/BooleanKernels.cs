using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// AND and OR of two boolean vectors without NULLs, a vector of bytes at a time: a .NET bool is one byte
/// holding 0 or 1, so the bitwise operators on the bytes are the logical ones.
/// </summary>
internal static class BooleanKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Combine(bool[] left, bool[] right, bool either, Span<bool> result)
    {
        var a = MemoryMarshal.AsBytes(left.AsSpan(0, result.Length));
        var b = MemoryMarshal.AsBytes(right.AsSpan(0, result.Length));
        var r = MemoryMarshal.AsBytes(result);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= r.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var x = new Vector<byte>(a[i..]);
                var y = new Vector<byte>(b[i..]);
                (either ? x | y : x & y).CopyTo(r[i..]);
            }
        }
        for (; i < r.Length; i++)
        {
            r[i] = either ? (byte)(a[i] | b[i]) : (byte)(a[i] & b[i]);
        }
    }
}
