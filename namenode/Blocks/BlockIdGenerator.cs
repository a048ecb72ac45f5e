using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Blocks;

/// <summary>Hands out block ids that are never reused, even across restarts.</summary>
public sealed class BlockIdGenerator(MetadataStore store)
{
    private readonly Lock _lock = new();

    public long Next()
    {
        lock (_lock)
        {
            return store.NextId("block");
        }
    }
}
