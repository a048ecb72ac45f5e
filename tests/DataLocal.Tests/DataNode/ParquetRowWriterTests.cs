using DataLocal.DataNode.Executor;
using Parquet.Serialization;

namespace DataLocal.Tests.DataNode;

public sealed class ParquetRowWriterTests
{
    [Fact]
    public async Task Write_FloatColumn_StaysFloat()
    {
        var bytes = await ParquetRowWriter.WriteAsync(["f", "d"], [[1.1f, 2.5], [null, null]], CancellationToken.None);

        using var stream = new MemoryStream(bytes);
        var read = await ParquetSerializer.DeserializeUntypedAsync(stream);
        Assert.Equal(typeof(float), read.Schema.DataFields[0].ClrType);
        Assert.Equal(2, read.Data.Count);
        Assert.Equal(1.1f, read.Data[0]["f"]);
        Assert.Null(read.Data[1].TryGetValue("f", out var missing) ? missing : null);
    }
}
