using System.Buffers.Binary;
using System.Diagnostics;
using DataLocal.Client.Parquet;
using DataLocal.Common.Parquet;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of the Parquet check every put runs: real files written by other tools,
/// with bits flipped in the footer, bytes overwritten, lengths lied about and tails cut. Each is
/// accepted or refused with <see cref="InvalidParquetException"/>, in bounded time; nothing else escapes.
/// </summary>
public sealed class ParquetFooterFuzzTests
{
    private const int CasesPerFile = 60;

    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Files() => new() { "sort_columns.parquet", "alltypes_tiny_pages.parquet", "nested_lists.snappy.parquet", "userdata1.parquet" };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Inspect_MutatedFooters_AcceptedOrRefusedAsInvalidParquet(string file)
    {
        var seed = FuzzSeed.Value;
        var random = new Random(HashCode.Combine(seed, file.Length, file[0]));
        var original = await File.ReadAllBytesAsync(TestData.Parquet(file));
        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(original.Length - 8));
        var footerStart = original.Length - 8 - footerLength;
        var directory = DataLocal.Tests.Cluster.Files.TempDirectory();
        var refused = 0;
        for (var i = 0; i < CasesPerFile; i++)
        {
            var mutated = Mutate(original, footerStart, random, out var how);
            var path = Path.Combine(directory, $"case{i}.parquet");
            await File.WriteAllBytesAsync(path, mutated);
            var watch = Stopwatch.StartNew();
            try
            {
                await new ParquetValidator().InspectAsync(path, CancellationToken.None).WaitAsync(PerCase);
            }
            catch (InvalidParquetException ex)
            {
                refused++;
                Assert.DoesNotContain('\n', ex.Message);
            }
            catch (Exception ex) when (ex is not InvalidParquetException)
            {
                Assert.Fail($"seed {seed}, {file} case {i} ({how}): {ex.GetType().Name}: {ex.Message}");
            }
            Assert.True(watch.Elapsed < PerCase, $"seed {seed}, {file} case {i} ({how}) took {watch.Elapsed}");
        }
        Assert.True(refused > 0, $"seed {seed}: no mutation of {file} was refused, so the check was not exercised");
    }

    private static byte[] Mutate(byte[] original, int footerStart, Random random, out string how)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0:
                var flips = random.Next(1, 8);
                for (var f = 0; f < flips; f++)
                {
                    var at = random.Next(footerStart, bytes.Length - 8);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }
                how = $"{flips} bit flips in the footer";
                return bytes;
            case 1:
                var start = random.Next(footerStart, bytes.Length - 8);
                var run = Math.Min(random.Next(1, 32), bytes.Length - 8 - start);
                var value = (byte)(random.Next(2) == 0 ? 0x00 : 0xFF);
                bytes.AsSpan(start, run).Fill(value);
                how = $"{run} bytes of the footer set to {value:X2}";
                return bytes;
            case 2:
                var lie = random.Next(3) switch { 0 => int.MaxValue, 1 => -random.Next(1, 1000), _ => random.Next(0, bytes.Length * 2) };
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), lie);
                how = $"footer length {lie}";
                return bytes;
            case 3:
                var keep = random.Next(4, bytes.Length - 1);
                how = $"cut to {keep} bytes";
                return [.. bytes.AsSpan(0, keep - 4), .. "PAR1"u8];
            default:
                var at2 = random.Next(4, Math.Max(5, footerStart));
                bytes[at2] ^= 0xFF;
                how = $"data byte {at2} inverted";
                return bytes;
        }
    }
}
