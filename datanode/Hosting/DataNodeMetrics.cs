using DataLocal.Common.Metrics;
using DataLocal.DataNode.Executor;
using DataLocal.DataNode.Storage;
using DataLocal.DataNode.Transfer;
using Microsoft.Extensions.Options;

namespace DataLocal.DataNode.Hosting;

/// <summary>
/// A datanode's Prometheus metrics, served on its HTTP port: what it stores, its transfers and the
/// bytes they carried, and its task slots. All are read from the node's own counters just before
/// each scrape; gRPC latencies and runtime metrics come with <see cref="RoleMetrics"/>.
/// </summary>
public sealed class DataNodeMetrics
{
    public DataNodeMetrics(RoleMetrics metrics, BlockStore store, TransferCounter transfers, RunningAttempts attempts, IOptions<DataNodeOptions> options)
    {
        var factory = metrics.Factory;
        var replicas = factory.CreateGauge("datalocal_datanode_replicas", "Block replicas stored on this datanode.");
        var capacity = factory.CreateGauge("datalocal_datanode_capacity_bytes", "Capacity of the disk holding this datanode's directory.");
        var used = factory.CreateGauge("datalocal_datanode_used_bytes", "Bytes this datanode's replicas use.");
        var remaining = factory.CreateGauge("datalocal_datanode_remaining_bytes", "Bytes left for replicas on this datanode's disk.");
        var active = factory.CreateGauge("datalocal_datanode_transfers_active", "Block transfers (reads, writes, copies) in progress.");
        var sent = factory.CreateCounter("datalocal_datanode_sent_bytes_total", "Block bytes this datanode served over the network to remote readers, before compression.");
        var served = factory.CreateCounter("datalocal_datanode_served_bytes_total",
            "Block bytes this datanode served, by reader: local (its own tasks, from its disk) or remote (clients and other nodes' tasks, over the network).", ["reader"]);
        var sentWire = factory.CreateCounter("datalocal_datanode_sent_wire_bytes_total", "What the sent block bytes took on the wire, after compression.");
        var received = factory.CreateCounter("datalocal_datanode_received_bytes_total", "Block bytes this datanode received in write pipelines and copies, expanded.");
        var receivedWire = factory.CreateCounter("datalocal_datanode_received_wire_bytes_total", "What the received block bytes took on the wire, compressed.");
        var slots = factory.CreateGauge("datalocal_datanode_task_slots", "Task slots of this executor, by state: busy or free.", ["state"]);
        var totalSlots = options.Value.TaskSlots;
        metrics.BeforeScrape(() =>
        {
            var storage = store.Report();
            replicas.Set(store.ReplicaCount);
            capacity.Set(storage.CapacityBytes);
            used.Set(storage.UsedBytes);
            remaining.Set(storage.RemainingBytes);
            active.Set(transfers.Active);
            sent.IncTo(transfers.BlockBytesSent);
            served.WithLabels("local").IncTo(transfers.BytesServedLocal);
            served.WithLabels("remote").IncTo(transfers.BlockBytesSent);
            sentWire.IncTo(transfers.WireBytesSent);
            received.IncTo(transfers.BlockBytesReceived);
            receivedWire.IncTo(transfers.WireBytesReceived);
            var busy = Math.Min(attempts.Count, totalSlots);
            slots.WithLabels("busy").Set(busy);
            slots.WithLabels("free").Set(totalSlots - busy);
        });
    }
}
