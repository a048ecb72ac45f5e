using DataLocal.Common.Security;
using DataLocal.Protocol.Datanode;
using DataLocal.Testing;
using Grpc.Net.Client;

namespace DataLocal.Tests.Integration;

/// <summary>What a caller supplied (a datanode's id, address, rack) reaches the status page as text, never as markup.</summary>
public sealed class StatusPageEscapingTests
{
    [Fact]
    public async Task StatusPage_HostileNodeIdAndRack_ShownEscaped()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 0);
        using var channel = CredentialChannel.For(cluster.NameNodeAddress, cluster.ClusterSecret);
        const string id = "<img src=x onerror=alert(1)>";
        const string rack = "/r<script>alert(2)</script>";
        await new DatanodeNamenode.DatanodeNamenodeClient(channel).RegisterAsync(new RegisterRequest
        {
            NodeId = id, Address = "http://127.0.0.1:1", Rack = rack, CapacityBytes = 1, RemainingBytes = 1,
        });
        using var http = cluster.CreateStatusClient();

        var page = await http.GetStringAsync(cluster.NameNode.HttpAddress + "/");

        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.Contains("/r&lt;script&gt;alert(2)&lt;/script&gt;", page, StringComparison.Ordinal);
    }
}
