using System.Collections.Concurrent;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Reuses the large arrays a task's vectors need from one row group to the next, and between tasks. A row
/// group's vectors are garbage once its rows are aggregated or collected, and at tens of thousands of rows each
/// one is a large-object-heap allocation that only a full (gen2) collection reclaims: profiling the engine
/// benchmark showed more CPU in those collections and in the kernel zeroing fresh pages than in decoding.
/// <para>
/// Arrays are handed out zeroed and at their exact length, so <see cref="Rent{T}"/> means what <c>new T[n]</c>
/// means and a vector's array length stays its row count. A task opens a scope with <see cref="Begin"/>; it
/// flows with the task's awaits (which may resume on other threads) and <see cref="ReleaseRowGroup"/> takes
/// every array back once the row group is done. Outside a task, <see cref="Rent{T}"/> is plain <c>new</c>.
/// </para>
/// </summary>
internal sealed class VectorBuffers : IDisposable
{
    /// <summary>Shorter arrays are small-object-heap allocations that die cheaply in gen0: not worth pooling.</summary>
    private const int MinPooledBytes = 64 * 1024;

    /// <summary>Most bytes kept for reuse across the process, so idle datanodes do not hold a scan's worth.</summary>
    private const long MaxRetainedBytes = 96L * 1024 * 1024;

    private static readonly AsyncLocal<VectorBuffers?> Current = new();
    private static long retainedBytes;

    private readonly List<Array> leased = [];

    private VectorBuffers()
    {
    }

    /// <summary>Starts a task's scope: arrays rented in this async flow are leased until <see cref="ReleaseRowGroup"/>.</summary>
    public static VectorBuffers Begin()
    {
        var buffers = new VectorBuffers();
        Current.Value = buffers;
        return buffers;
    }

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements.</summary>
    public static T[] Rent<T>(int length)
    {
        var buffers = Current.Value;
        if (buffers is null || (long)length * ElementSize<T>() < MinPooledBytes)
        {
            return new T[length];
        }
        var array = Store<T>.Take(length) ?? new T[length];
        buffers.leased.Add(array);
        return array;
    }

    /// <summary>Takes back every array leased since the last call: the row group's vectors must be dead.</summary>
    public void ReleaseRowGroup()
    {
        foreach (var array in leased)
        {
            Return(array);
        }
        leased.Clear();
    }

    public void Dispose()
    {
        ReleaseRowGroup();
        if (ReferenceEquals(Current.Value, this))
        {
            Current.Value = null;
        }
    }

    private static void Return(Array array)
    {
        var bytes = (long)array.Length * ElementSize(array);
        if (Interlocked.Add(ref retainedBytes, bytes) > MaxRetainedBytes)
        {
            Interlocked.Add(ref retainedBytes, -bytes);
            return;
        }
        // Zeroed on the way in, so a rented array is indistinguishable from a new one (and holds no strings alive).
        Array.Clear(array);
        switch (array)
        {
            case long[] a: Store<long>.Put(a); break;
            case double[] a: Store<double>.Put(a); break;
            case int[] a: Store<int>.Put(a); break;
            case bool[] a: Store<bool>.Put(a); break;
            case float[] a: Store<float>.Put(a); break;
            case decimal[] a: Store<decimal>.Put(a); break;
            case string?[] a: Store<string?>.Put(a); break;
            default: Interlocked.Add(ref retainedBytes, -bytes); break;
        }
    }

    private static int ElementSize<T>() => typeof(T).IsValueType ? System.Runtime.CompilerServices.Unsafe.SizeOf<T>() : IntPtr.Size;

    private static int ElementSize(Array array) => array switch
    {
        bool[] => 1,
        int[] or float[] => 4,
        decimal[] => 16,
        _ => 8,
    };

    private static class Store<T>
    {
        private static readonly ConcurrentDictionary<int, ConcurrentBag<T[]>> ByLength = new();

        public static T[]? Take(int length)
        {
            if (ByLength.TryGetValue(length, out var bag) && bag.TryTake(out var array))
            {
                Interlocked.Add(ref retainedBytes, -(long)array.Length * ElementSize<T>());
                return array;
            }
            return null;
        }

        public static void Put(T[] array) => ByLength.GetOrAdd(array.Length, _ => []).Add(array);
    }
}
