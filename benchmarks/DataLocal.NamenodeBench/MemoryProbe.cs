using System.Diagnostics;

namespace DataLocal.NamenodeBench;

/// <summary>Managed heap after a full, compacting collection, and the process's resident set.</summary>
public readonly record struct MemoryProbe(long HeapBytes, long RssBytes)
{
    public static MemoryProbe Take()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return new MemoryProbe(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    public static MemoryProbe operator -(MemoryProbe after, MemoryProbe before) =>
        new(after.HeapBytes - before.HeapBytes, after.RssBytes - before.RssBytes);
}
