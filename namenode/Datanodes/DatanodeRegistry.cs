namespace DataLocal.NameNode.Datanodes;

/// <summary>Knows the datanodes, their addresses, space and liveness; nothing about files.</summary>
public sealed class DatanodeRegistry(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DatanodeDescriptor> _nodes = new(StringComparer.Ordinal);

    /// <summary>Adds or revives a node; <paramref name="unreachableReason"/> is null when its address answered.</summary>
    public DatanodeDescriptor Register(string nodeId, string address, string rack, long capacity, long used, long remaining, string? unreachableReason = null)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeId, out var node))
            {
                node = new DatanodeDescriptor(nodeId, address, rack);
                _nodes[nodeId] = node;
            }
            node.Address = address;
            node.Rack = rack;
            node.State = DatanodeState.Live;
            node.BlockReportReceived = false;
            node.UnreachableReason = unreachableReason;
            Update(node, capacity, used, remaining, 0);
            return node;
        }
    }

    /// <summary>Records a heartbeat; false when the node is unknown or was declared dead (it must re-register).</summary>
    public bool Heartbeat(string nodeId, long capacity, long used, long remaining, int activeTransfers)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeId, out var node) || node.State == DatanodeState.Dead)
            {
                return false;
            }
            Update(node, capacity, used, remaining, activeTransfers);
            return true;
        }
    }

    /// <summary>Marks dead every live node silent for longer than <paramref name="timeout"/>; returns them.</summary>
    public IReadOnlyList<DatanodeDescriptor> MarkSilentNodesDead(TimeSpan timeout)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var dead = _nodes.Values.Where(n => n.State == DatanodeState.Live && now - n.LastHeartbeat > timeout).ToList();
            foreach (var node in dead)
            {
                node.State = DatanodeState.Dead;
            }
            return dead;
        }
    }

    /// <summary>Records a new probe of a node's address, unless the node re-registered from another address meanwhile.</summary>
    public void SetReachability(string nodeId, string probedAddress, string? unreachableReason)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(nodeId, out var node) && node.Address == probedAddress)
            {
                node.UnreachableReason = unreachableReason;
            }
        }
    }

    /// <summary>Live nodes whose address did not answer: to be probed again.</summary>
    public IReadOnlyList<DatanodeDescriptor> UnreachableNodes()
    {
        lock (_lock)
        {
            return [.. _nodes.Values.Where(n => n.State == DatanodeState.Live && !n.IsReachable)];
        }
    }

    public void MarkBlockReportReceived(string nodeId)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(nodeId, out var node))
            {
                node.BlockReportReceived = true;
            }
        }
    }

    public DatanodeDescriptor? Find(string nodeId)
    {
        lock (_lock)
        {
            return _nodes.GetValueOrDefault(nodeId);
        }
    }

    public bool IsLive(string nodeId) => Find(nodeId)?.State == DatanodeState.Live;

    public IReadOnlyList<DatanodeDescriptor> LiveNodes()
    {
        lock (_lock)
        {
            return [.. _nodes.Values.Where(n => n.State == DatanodeState.Live)];
        }
    }

    /// <summary>Live nodes in service: where new replicas may go.</summary>
    public IReadOnlyList<DatanodeDescriptor> WritableNodes()
    {
        lock (_lock)
        {
            return [.. _nodes.Values.Where(n => n.IsWritable)];
        }
    }

    /// <summary>Sets a node's admin state; the node is named by id or address. Throws <see cref="UnknownDatanodeException"/>.</summary>
    public DatanodeDescriptor SetAdminState(string node, AdminState state)
    {
        lock (_lock)
        {
            var found = _nodes.GetValueOrDefault(node) ?? _nodes.Values.FirstOrDefault(n => CanonicalAddress.Matches(node, n.Address))
                ?? throw new UnknownDatanodeException(node);
            found.AdminState = state;
            return found;
        }
    }

    public IReadOnlyList<DatanodeDescriptor> AllNodes()
    {
        lock (_lock)
        {
            return [.. _nodes.Values.OrderBy(n => n.Address, StringComparer.Ordinal)];
        }
    }

    private void Update(DatanodeDescriptor node, long capacity, long used, long remaining, int activeTransfers)
    {
        node.CapacityBytes = capacity;
        node.UsedBytes = used;
        node.RemainingBytes = remaining;
        node.ActiveTransfers = activeTransfers;
        node.LastHeartbeat = time.GetUtcNow();
    }
}

/// <summary>No datanode has this id or address.</summary>
public sealed class UnknownDatanodeException(string node)
    : Exception($"no datanode '{node}': name it by id or address as `datalocal admin report` lists them");
