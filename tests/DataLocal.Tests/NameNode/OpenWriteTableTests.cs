using DataLocal.NameNode.Writes;
using Microsoft.Extensions.Time.Testing;

namespace DataLocal.Tests.NameNode;

public sealed class OpenWriteTableTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void RemoveExpired_IdleLongerThanLease_RemovedWithItsBlocks()
    {
        var table = new OpenWriteTable(_time);
        var write = table.Open("/f", 2, 1024, overwrite: false);
        table.Update(write.WriteId, w => { w.BlockIds.Add(5); return 0; });

        _time.Advance(TimeSpan.FromSeconds(61));
        var expired = table.RemoveExpired(TimeSpan.FromSeconds(60));

        Assert.Equal([5L], Assert.Single(expired).BlockIds);
        Assert.Throws<UnknownWriteException>(() => table.Update(write.WriteId, w => w));
    }

    [Fact]
    public void Update_RenewsTheLease()
    {
        var table = new OpenWriteTable(_time);
        var write = table.Open("/f", 2, 1024, overwrite: false);

        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(40));
            table.Update(write.WriteId, w => w);
            Assert.Empty(table.RemoveExpired(TimeSpan.FromSeconds(60)));
        }
    }
}
