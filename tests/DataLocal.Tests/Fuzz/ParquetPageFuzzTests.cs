using DataLocal.Common.Parquet;
using DataLocal.DataNode.Compute.Decoding;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Fuzz;

/// <summary>
/// The datanode's column decoder reads pages of files nobody checked page by page (external URLs): damaged
/// pages end in values or an exception, never a hang or an unbounded allocation.
/// </summary>
public sealed class ParquetPageFuzzTests
{
    [Fact]
    public async Task Decode_MutatedPages_EndsWithValuesOrAnExceptionNeverAHang()
    {
        var seed = FuzzSeed.Value;
        var random = new Random(seed);
        var path = Path.Combine(Path.GetTempPath(), $"datalocal-decoder-{Environment.ProcessId}-fuzz.parquet");
        try
        {
            DuckDb.Query($"""
                COPY (SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE ['a', 'bb', 'ccc'][i % 3 + 1] END AS t,
                             i % 2 = 0 AS b, (i / 7)::DOUBLE AS d, md5(i::VARCHAR) AS free
                      FROM range(2000) r(i))
                TO '{path}' (FORMAT PARQUET, COMPRESSION UNCOMPRESSED)
                """);
            var original = await File.ReadAllBytesAsync(path);
            var footer = ParquetFooterReader.ReadFooter(new MemoryStream(original));
            var chunks = footer.Metadata.RowGroups[0].Columns;
            for (var round = 0; round < 400; round++)
            {
                var c = random.Next(chunks.Count);
                var bytes = (byte[])original.Clone();
                var start = (int)chunks[c].Start;
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    bytes[start + random.Next((int)chunks[c].TotalCompressedSize)] = (byte)random.Next(256);
                }
                var decode = Task.Run(() =>
                {
                    try
                    {
                        ColumnChunkDecoder.Decode(new MemoryStream(bytes), footer.Leaves[c], chunks[c], 2000, null);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // Refusing a damaged page is right; the task turns it into one line.
                    }
                });
                await decode.WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
