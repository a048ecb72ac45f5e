using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>What a caller supplied (a datanode's id, address, rack) reaches the web UI as text, never as markup.</summary>
public sealed class StatusPageEscapingTests
{
    [Fact]
    public async Task WebUi_HostileNodeIdAndRack_ReachThePageOnlyAsEscapedJsonAddedAsText()
    {
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 0);
        const string id = "<img src=x onerror=alert(1)>";
        const string rack = "/r<script>alert(2)</script>";
        await cluster.RegisterBareDatanodeAsync(id, rack);
        using var http = cluster.CreateStatusClient();

        var page = await http.GetStringAsync(cluster.NameNode.HttpAddress + "/");
        var api = await http.GetStringAsync(cluster.NameNode.HttpAddress + "/api/v1/datanodes");
        var script = await http.GetStringAsync(cluster.NameNode.HttpAddress + "/ui/app.js");

        // The page holds no caller-supplied text: its script fetches the API and adds strings as text nodes.
        Assert.DoesNotContain("alert(", page, StringComparison.Ordinal);
        Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("document.write", script, StringComparison.Ordinal);
        // The API's JSON escapes markup characters, so even read as HTML it holds no tag.
        Assert.DoesNotContain("<img", api, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", api, StringComparison.Ordinal);
        var node = System.Text.Json.JsonDocument.Parse(api).RootElement.EnumerateArray().Single();
        Assert.Equal(id, node.GetProperty("nodeId").GetString());
        Assert.Equal(rack, node.GetProperty("rack").GetString());
    }
}
