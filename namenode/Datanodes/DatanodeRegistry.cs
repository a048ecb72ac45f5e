namespace DataLocal.NameNode.Datanodes;

/// <summary>
/// Knows the datanodes, their addresses, space and liveness; nothing about files. Every change
/// replaces a node's immutable descriptor under the lock, so what it hands out never changes under
/// a reader.
/// </summary>
public sealed class DatanodeRegistry(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DatanodeDescriptor> _nodes = new(StringComparer.Ordinal);

    private long _registrations;

    /// <summary>Counts registrations (a node added or revived, perhaps in another rack): a scheduler's index of replica locations is current while this has not changed.</summary>
    public long Registrations => Volatile.Read(ref _registrations);

    /// <summary>Adds or revives a node; <paramref name="unreachableReason"/> is null when its address answered.</summary>
    public DatanodeDescriptor Register(string nodeId, string address, string rack, long capacity, long used, long remaining, string? unreachableReason = null, string? httpAddress = null, int taskSlots = 0)
    {
        lock (_lock)
        {
            var known = _nodes.GetValueOrDefault(nodeId);
            var node = (known ?? new DatanodeDescriptor(nodeId, address, rack)) with
            {
                Address = address,
                Rack = rack,
                State = DatanodeState.Live,
                Generation = (known?.Generation ?? 0) + 1,
                BlockReportReceived = false,
                Registered = time.GetUtcNow(),
                UnreachableReason = unreachableReason,
                HttpAddress = httpAddress,
                TaskSlots = taskSlots,
            };
            Interlocked.Increment(ref _registrations);
            return _nodes[nodeId] = Update(node, capacity, used, remaining, 0);
        }
    }

    /// <summary>Records a heartbeat; false when the node is unknown or was declared dead (it must re-register).</summary>
    public bool Heartbeat(string nodeId, long capacity, long used, long remaining, int activeTransfers, long bytesServedLocal = 0, long bytesServedRemote = 0)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(nodeId, out var node) || node.State == DatanodeState.Dead)
            {
                return false;
            }
            _nodes[nodeId] = Update(node, capacity, used, remaining, activeTransfers) with { BytesServedLocal = bytesServedLocal, BytesServedRemote = bytesServedRemote };
            return true;
        }
    }

    /// <summary>Marks dead every live node silent for longer than <paramref name="timeout"/>; returns them as declared dead.</summary>
    public IReadOnlyList<DatanodeDescriptor> MarkSilentNodesDead(TimeSpan timeout)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var dead = _nodes.Values.Where(n => n.State == DatanodeState.Live && now - n.LastHeartbeat > timeout)
                .Select(n => n with { State = DatanodeState.Dead }).ToList();
            foreach (var node in dead)
            {
                _nodes[node.NodeId] = node;
            }
            return dead;
        }
    }

    /// <summary>
    /// Runs <paramref name="forget"/> (dropping what the namenode knew of a dead node) only if the node
    /// is still dead in the registration it was declared dead in; false, without running it, when the
    /// node registered again meanwhile, since what it reported since then is current. Under the
    /// lock, so no registration can slip in between the check and the act.
    /// </summary>
    public bool IfStillDead(DatanodeDescriptor declaredDead, Action forget)
    {
        lock (_lock)
        {
            if (_nodes.GetValueOrDefault(declaredDead.NodeId) is not { State: DatanodeState.Dead } node || node.Generation != declaredDead.Generation)
            {
                return false;
            }
            forget();
            return true;
        }
    }

    /// <summary>Records a new probe of a node's address, unless the node re-registered from another address meanwhile.</summary>
    public void SetReachability(string nodeId, string probedAddress, string? unreachableReason)
    {
        lock (_lock)
        {
            if (_nodes.TryGetValue(nodeId, out var node) && node.Address == probedAddress)
            {
                _nodes[nodeId] = node with { UnreachableReason = unreachableReason };
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
                _nodes[nodeId] = node with { BlockReportReceived = true };
            }
        }
    }

    /// <summary>
    /// True while some live node that registered less than <paramref name="within"/> ago has not sent
    /// its full block report: until it does, the namenode does not know which replicas it holds.
    /// </summary>
    public bool AwaitsBlockReport(TimeSpan within)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            return _nodes.Values.Any(n => n is { State: DatanodeState.Live, BlockReportReceived: false } && now - n.Registered < within);
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
            return _nodes[found.NodeId] = found with { AdminState = state };
        }
    }

    public IReadOnlyList<DatanodeDescriptor> AllNodes()
    {
        lock (_lock)
        {
            return [.. _nodes.Values.OrderBy(n => n.Address, StringComparer.Ordinal)];
        }
    }

    private DatanodeDescriptor Update(DatanodeDescriptor node, long capacity, long used, long remaining, int activeTransfers) => node with
    {
        CapacityBytes = capacity,
        UsedBytes = used,
        RemainingBytes = remaining,
        ActiveTransfers = activeTransfers,
        LastHeartbeat = time.GetUtcNow(),
    };
}

/// <summary>No datanode has this id or address.</summary>
public sealed class UnknownDatanodeException(string node)
    : Exception($"no datanode '{node}': name it by id or address as `datalocal admin report` lists them");
