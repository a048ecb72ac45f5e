using System.Globalization;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// The read-only state a namenode starts in (HDFS safe mode): until enough blocks have a reported
/// replica, the namespace is not changed and no replica is copied or deleted, because the block map
/// is still filling from block reports. It ends by itself once the threshold is met, or by hand.
/// </summary>
public sealed class SafeMode(BlockMap blockMap)
{
    /// <summary>Share of blocks that need a reported replica, as HDFS's dfs.namenode.safemode.threshold-pct.</summary>
    public const double Threshold = 0.999;

    private readonly Lock _lock = new();
    private bool _startup = true;
    private bool _manual;

    public bool IsOn
    {
        get
        {
            lock (_lock)
            {
                if (_startup && blockMap.ReportedShare() >= Threshold)
                {
                    _startup = false;
                }
                return _startup || _manual;
            }
        }
    }

    /// <summary>Entered by hand: stays on until left by hand, whatever the reports say.</summary>
    public void Enter()
    {
        lock (_lock)
        {
            _manual = true;
        }
    }

    public void Leave()
    {
        lock (_lock)
        {
            _manual = false;
            _startup = false;
        }
    }

    public string Status()
    {
        var on = IsOn;
        var (reported, total) = blockMap.ReportedCounts();
        var blocks = string.Create(CultureInfo.InvariantCulture, $"{reported} of {total} blocks have a reported replica (threshold {Threshold:P1})");
        return on
            ? $"Safe mode is ON: {blocks}; it ends by itself once datanodes have reported, or run `datalocal admin safemode leave`"
            : $"Safe mode is OFF: {blocks}";
    }

    /// <summary>Throws when a change to the namespace or the replicas must wait.</summary>
    public void CheckWritable(string operation)
    {
        if (IsOn)
        {
            throw new SafeModeException($"cannot {operation}: the namenode is in safe mode. {Status()}");
        }
    }
}

/// <summary>An operation refused because the namenode is in safe mode; the message says how it ends.</summary>
public sealed class SafeModeException(string message) : Exception(message);
