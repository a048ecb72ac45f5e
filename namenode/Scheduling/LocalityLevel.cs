namespace DataLocal.NameNode.Scheduling;

/// <summary>How close a task runs to its data, best first (Spark's TaskLocality).</summary>
public enum LocalityLevel
{
    /// <summary>On a node holding a live replica: the block is read from local disk.</summary>
    NodeLocal = 0,

    /// <summary>On a node in the same rack as a replica.</summary>
    RackLocal = 1,

    /// <summary>Anywhere: the block is streamed from a replica over the network.</summary>
    Any = 2,
}

/// <summary>Wire names of locality levels, as Spark's UI shows them.</summary>
public static class LocalityLevelNames
{
    public static string ToWireName(this LocalityLevel level) => level switch
    {
        LocalityLevel.NodeLocal => "NODE_LOCAL",
        LocalityLevel.RackLocal => "RACK_LOCAL",
        _ => "ANY",
    };
}
