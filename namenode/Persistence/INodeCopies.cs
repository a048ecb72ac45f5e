namespace DataLocal.NameNode.Persistence;

/// <summary>
/// Deep copies of stored records: <see cref="InodeCache"/> keeps snapshots that callers never hold, since
/// callers change the records they find before committing them.
/// </summary>
internal static class INodeCopies
{
    // MemberwiseClone is protected, and a copy property by property would miss a property added later;
    // a shallow copy made by the serializer-free route below keeps every scalar, then the lists are copied.
    public static INodeRecord Copy(INodeRecord record)
    {
        var copy = (INodeRecord)CloneShallow(record);
        copy.Blocks = [.. record.Blocks.Select(Copy)];
        return copy;
    }

    private static BlockRecord Copy(BlockRecord block)
    {
        var copy = (BlockRecord)CloneShallow(block);
        copy.Columns = [.. block.Columns.Select(c => (ColumnStatisticsRecord)CloneShallow(c))];
        return copy;
    }

    private static readonly Func<object, object> CloneShallow = CreateCloner();

    private static Func<object, object> CreateCloner()
    {
        var method = typeof(object).GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!;
        return method.CreateDelegate<Func<object, object>>();
    }
}
