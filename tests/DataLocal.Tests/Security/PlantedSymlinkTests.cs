using DataLocal.DataNode;
using DataLocal.DataNode.Storage;
using DataLocal.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataLocal.Tests.Security;

/// <summary>
/// A symlink planted in a datanode's data directory, in place of a replica's data or checksum file, is
/// never followed: not read, not served (verified or not), not taken for a replica when the node
/// restarts, and its target is left alone. The plant comes with a checksum file that matches the
/// target's bytes, as an attacker able to write the directory could make, so checksums alone do not stop it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PlantedSymlinkTests
{
    private const long Block = 20;
    private const long Donor = 21;
    private readonly string _directory = Files.TempDirectory();
    private readonly string _outside = Path.Combine(Files.TempDirectory(), "secret.txt");
    private readonly byte[] _secret = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("root:x:0:0:secret\n", 200)));

    [SkippableFact]
    public async Task OpenReplica_DataFileReplacedBySymlinkWithMatchingChecksums_IsNeverRead()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX symlinks");
        var store = await PlantAsync(dataLink: true);

        Assert.ThrowsAny<Exception>(() => store.OpenReplica(Block));
        Assert.ThrowsAny<Exception>(() => store.OpenUnverified(Block));
        Assert.Equal(_secret, await File.ReadAllBytesAsync(_outside));
    }

    [SkippableFact]
    public async Task OpenReplica_ChecksumFileReplacedBySymlink_IsNeverRead()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX symlinks");
        var store = await PlantAsync(dataLink: false);

        Assert.ThrowsAny<Exception>(() => store.OpenReplica(Block));
        Assert.Null(store.OpenUnverified(Block).Checksums);
    }

    [SkippableFact]
    public async Task Restart_SymlinkedReplica_IsNotTakenForAReplica_AndItsTargetIsLeftAlone()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX symlinks");
        await PlantAsync(dataLink: true);

        var restarted = NewStore();

        Assert.DoesNotContain(restarted.Replicas(), r => r.BlockId == Block);
        Assert.Contains(restarted.Replicas(), r => r.BlockId == Donor);
        Assert.Equal(_secret, await File.ReadAllBytesAsync(_outside));
    }

    // A real replica of the block, then its data file (or checksum file) swapped for a link to a file
    // outside the store, the checksum file replaced by a valid one for the outside file's bytes.
    private async Task<BlockStore> PlantAsync(bool dataLink)
    {
        await File.WriteAllBytesAsync(_outside, _secret);
        var store = NewStore();
        await WriteAsync(store, Block, new byte[_secret.Length]);
        await WriteAsync(store, Donor, _secret);
        var current = Path.Combine(_directory, "current");
        var donorMeta = Path.Combine(current, $"blk_{Donor}.meta");
        var meta = Path.Combine(current, $"blk_{Block}.meta");
        var data = Path.Combine(current, $"blk_{Block}");
        if (dataLink)
        {
            File.Copy(donorMeta, meta, overwrite: true);
            File.Delete(data);
            File.CreateSymbolicLink(data, _outside);
        }
        else
        {
            var outsideMeta = _outside + ".meta";
            File.Copy(donorMeta, outsideMeta);
            await File.WriteAllBytesAsync(data, _secret);
            File.Delete(meta);
            File.CreateSymbolicLink(meta, outsideMeta);
        }
        return store;
    }

    private BlockStore NewStore() =>
        new(Options.Create(new DataNodeOptions { Directory = _directory, NameNodeAddress = "http://unused" }), NullLogger<BlockStore>.Instance);

    private static async Task WriteAsync(BlockStore store, long blockId, byte[] data)
    {
        var writer = await store.CreateReplicaAsync(blockId, 0, CancellationToken.None);
        await using (writer)
        {
            await writer.WriteAsync(data, CancellationToken.None);
            await writer.CommitAsync(CancellationToken.None);
        }
    }
}
