using System.Buffers;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Pools for a task's temporaries (column chunk bytes, inflated pages, levels, dictionary indices). Not
/// <see cref="ArrayPool{T}.Shared"/>: it keeps returned arrays in per-thread caches first, and every task runs on
/// a thread of its own (<see cref="BlockQueryExecutor"/>), so each task's first rent of each size allocated anew —
/// about a megabyte per row group on the large-object heap, whose churn had the kernel zeroing fresh pages.
/// This pool's buckets are shared by all threads.
/// </summary>
internal static class TaskArrayPool<T>
{
    public static readonly ArrayPool<T> Shared = ArrayPool<T>.Create(maxArrayLength: 64 * 1024 * 1024, maxArraysPerBucket: 16);
}
