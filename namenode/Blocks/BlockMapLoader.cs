using DataLocal.NameNode.Namespace;
using Microsoft.Extensions.Hosting;

namespace DataLocal.NameNode.Blocks;

/// <summary>
/// At start-up, makes every block of every committed file known to the block map, with the
/// replication its file asks for, so datanode block reports restore their locations instead of
/// being told to delete them.
/// </summary>
public sealed class BlockMapLoader(NamespaceManager namespaceManager, BlockMap blockMap) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var file in namespaceManager.AllFiles())
        {
            foreach (var block in file.Blocks)
            {
                blockMap.AddBlock(block.BlockId, block.GenerationStamp);
            }
            blockMap.Expect(file.Replication, file.Blocks.Select(b => (b.BlockId, b.Length)));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
