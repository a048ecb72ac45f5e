using DataLocal.Cli.Commands;

namespace DataLocal.Tests.Cli;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("64MB", 64L << 20)]
    [InlineData("128m", 128L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("4096", 4096L)]
    [InlineData("64KB", 64L << 10)]
    [InlineData("1.5M", 3L << 19)]
    public void Parse_HadoopStyleSizes(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("10XB")]
    [InlineData("0")]
    public void Parse_Nonsense_UsageError(string text) => Assert.Throws<UsageException>(() => ByteSize.Parse(text));

    [Theory]
    [InlineData(812, "812")]
    [InlineData(1536, "1.5 K")]
    [InlineData(64L << 20, "64 M")]
    public void Human_LikeHdfsLsH(long bytes, string expected) => Assert.Equal(expected, ByteSize.Human(bytes));
}
