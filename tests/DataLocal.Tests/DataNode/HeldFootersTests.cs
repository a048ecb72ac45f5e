using DataLocal.Common.Parquet;
using DataLocal.DataNode.Executor;
using DataLocal.Protocol.Datanode;
using Google.Protobuf;

namespace DataLocal.Tests.DataNode;

public sealed class HeldFootersTests
{
    [Fact]
    public void FooterOf_TaskCarryingItsFooter_HeldForLaterTasksNamingOnlyItsDigest()
    {
        var footers = new HeldFooters();
        var footer = Footer(1);

        Assert.Equal(footer, footers.FooterOf(Task(footer)));
        Assert.Equal(footer, footers.FooterOf(Task(null, FooterDigest.Of(footer))));
        Assert.Equal([ByteString.CopyFrom(FooterDigest.Of(footer))], footers.Digests());
        Assert.Equal(1, footers.Received);
    }

    [Fact]
    public void FooterOf_DigestNotHeld_FailsWithOneLineNamingTheFile()
    {
        var error = Assert.Throws<FooterNotHeldException>(() => new HeldFooters().FooterOf(Task(null, FooterDigest.Of(Footer(2)))));

        Assert.Contains("/data/f.parquet", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void FooterOf_MoreFootersThanHeld_LeastRecentlyUsedGoesFirst()
    {
        var footers = new HeldFooters();
        var first = Footer(0);
        footers.FooterOf(Task(first));
        for (var i = 1; i < HeldFooters.MaxFooters; i++)
        {
            footers.FooterOf(Task(Footer(i)));
        }
        // The first is used again, so the second is now the least recent.
        footers.FooterOf(Task(null, FooterDigest.Of(first)));

        footers.FooterOf(Task(Footer(HeldFooters.MaxFooters)));

        Assert.Equal(HeldFooters.MaxFooters, footers.Digests().Count);
        Assert.Equal(first, footers.FooterOf(Task(null, FooterDigest.Of(first))));
        Assert.Throws<FooterNotHeldException>(() => footers.FooterOf(Task(null, FooterDigest.Of(Footer(1)))));
    }

    private static byte[] Footer(int seed) => [.. Enumerable.Range(0, 64).Select(i => (byte)(i * 31 + seed))];

    private static TaskAssignment Task(byte[]? footer, byte[]? digest = null) => new()
    {
        File = "/data/f.parquet",
        Footer = footer is null ? ByteString.Empty : ByteString.CopyFrom(footer),
        FooterDigest = ByteString.CopyFrom(digest ?? (footer is null ? [] : FooterDigest.Of(footer))),
    };
}
