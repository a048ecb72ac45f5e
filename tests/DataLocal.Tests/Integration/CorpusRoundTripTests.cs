using DataLocal.Client;
using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.Integration;

/// <summary>Every real Parquet file (and every valid one Parquet.Net cannot decode) goes in and comes back byte-exact.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class CorpusRoundTripTests(SharedClusterFixture fixture)
{
    private const long SmallBlockSize = 16 * 1024;

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "parquet", "unsupported-parquet" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(TestData.Root, folder)).Where(f => !f.EndsWith(".tsv", StringComparison.Ordinal)).Order())
            {
                data.Add(Path.GetRelativePath(TestData.Root, file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task PutThenGet_CorpusFile_SameSha256AndTwoReplicasPerBlock(string relativePath)
    {
        var local = Path.Combine(TestData.Root, relativePath);
        using var client = fixture.Cluster.CreateClient();
        var path = "/corpus/" + relativePath.Replace('\\', '/');

        var put = await client.PutAsync(local, path, new PutOptions(Replication: 2, BlockSize: SmallBlockSize, Overwrite: true));
        var copy = Path.Combine(Files.TempDirectory(), "copy");
        await client.GetAsync(path, copy);

        Assert.Equal(Files.Sha256(local), Files.Sha256(copy));
        Assert.Equal(Files.Sha256(local), put.Sha256);
        var blocks = await client.GetBlocksAsync(path);
        Assert.Equal(new FileInfo(local).Length, blocks.Sum(b => b.Length));
        Assert.All(blocks, b => Assert.Equal(2, b.Replicas.Select(r => r.NodeId).Distinct().Count()));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Put_ParquetFile_EveryBlockHoldsWholeRowGroups(string relativePath)
    {
        var local = Path.Combine(TestData.Root, relativePath);
        using var client = fixture.Cluster.CreateClient();
        var path = "/rowgroups/" + relativePath.Replace('\\', '/');
        var put = await client.PutAsync(local, path, new PutOptions(BlockSize: SmallBlockSize, Overwrite: true));
        if (!put.IsParquet)
        {
            return; // the encrypted-footer file is stored as plain bytes: nothing to split at
        }

        var layout = ParquetFooterReader.Read(local);
        var rowGroupStarts = layout.RowGroups.Select(g => g.Offset).ToHashSet();
        var blocks = await client.GetBlocksAsync(path);

        Assert.Equal(0, blocks[0].Offset);
        foreach (var block in blocks.Skip(1))
        {
            Assert.Contains(block.Offset, rowGroupStarts);
        }
        Assert.Equal(layout.RowGroups.Count, blocks.Sum(b => b.RowGroupCount));
        Assert.Equal(layout.RowGroups.Sum(g => g.RowCount), blocks.Sum(b => b.RowCount));
    }

    [Fact]
    public async Task Put_ManyRowGroupsAtSmallBlockSize_SplitsIntoSeveralBlocksWithGroundTruthRows()
    {
        using var client = fixture.Cluster.CreateClient();
        var truth = TestData.Tsv("parquet/ground-truth.tsv").Single(r => r[0] == "manyrowgroups.parquet");

        await client.PutAsync(TestData.Parquet("manyrowgroups.parquet"), "/split/manyrowgroups.parquet", new PutOptions(BlockSize: 4096, Overwrite: true));
        var blocks = await client.GetBlocksAsync("/split/manyrowgroups.parquet");

        Assert.True(blocks.Count > 5, $"expected several blocks, got {blocks.Count}");
        Assert.Equal(long.Parse(truth[1], System.Globalization.CultureInfo.InvariantCulture), blocks.Sum(b => b.RowCount));
        Assert.Equal(int.Parse(truth[2], System.Globalization.CultureInfo.InvariantCulture), blocks.Sum(b => b.RowGroupCount));
    }

    [Fact]
    public async Task Put_PlainFile_SplitAtBlockSizeAndReadBackExactly()
    {
        using var client = fixture.Cluster.CreateClient();
        var local = Files.Random(Files.TempDirectory(), 5 * 1024 * 1024 + 123);

        var put = await client.PutAsync(local, "/plain/random.bin", new PutOptions(BlockSize: 1024 * 1024, Overwrite: true));
        using var output = new MemoryStream();
        await client.ReadToAsync("/plain/random.bin", output);

        Assert.False(put.IsParquet);
        Assert.Equal(6, put.BlockCount);
        Assert.Equal(File.ReadAllBytes(local), output.ToArray());
    }
}
