namespace DataLocal.Common.Hosting;

/// <summary>
/// Raises the thread pool's minimum so that heartbeats and other short calls never queue behind
/// CPU-bound work (planning a job over thousands of blocks, merging results). With the default
/// minimum (one thread per core: two here), the pool adds threads only about once a second, and a
/// few busy calls left heartbeats waiting past the dead-node timeout: live datanodes were declared dead.
/// </summary>
public static class ThreadPoolFloor
{
    public const int MinimumThreads = 32;

    public static void Ensure()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < MinimumThreads || io < MinimumThreads)
        {
            ThreadPool.SetMinThreads(Math.Max(workers, MinimumThreads), Math.Max(io, MinimumThreads));
        }
    }
}
