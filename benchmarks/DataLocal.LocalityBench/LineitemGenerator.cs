using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace DataLocal.LocalityBench;

/// <summary>What the query must answer per (l_returnflag, l_linestatus), computed while generating.</summary>
public sealed record GroupTotals(string ReturnFlag, string LineStatus, long Count, long SumQuantity);

/// <summary>A generated table: the file, its shape and the query's expected answer.</summary>
public sealed record GeneratedTable(string Path, long Bytes, int RowGroups, long RowsPerGroup, long Rows, long LargestRowGroupBytes, IReadOnlyList<GroupTotals> Expected);

/// <summary>
/// A TPC-H-like lineitem table (the 16 lineitem columns with dbgen's value ranges and rules for
/// dates, flags and statuses; prices and rates as doubles), written as Parquet (Snappy) row group by
/// row group from a fixed seed: the same seed and size give the same bytes. It is sized by a sample
/// row group so the file reaches the target size in exactly <c>rowGroups</c> row groups, one per block.
/// </summary>
public static class LineitemGenerator
{
    /// <summary>The Q1-style filter's cut-off; rows shipped after it are filtered out (about 1-2 %).</summary>
    public static readonly DateOnly ShipDateCutoff = new(1998, 9, 2);

    private static readonly DateOnly StartDate = new(1992, 1, 1);
    private static readonly DateOnly CurrentDate = new(1995, 6, 17);
    private static readonly int OrderDays = new DateOnly(1998, 8, 2).DayNumber - StartDate.DayNumber;
    private static readonly string[] Instructions = ["DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"];
    private static readonly string[] Modes = ["REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"];
    private static readonly string[] Words =
    [
        "furiously", "sly", "careful", "blithe", "quick", "fluffy", "slow", "quiet", "ruthless", "thin", "close", "dogged",
        "daring", "brave", "stealthy", "permanent", "enticing", "idle", "busy", "regular", "final", "ironic", "even", "bold",
        "silent", "pending", "express", "special", "unusual", "packages", "requests", "accounts", "deposits", "foxes", "ideas",
        "theodolites", "pinto", "beans", "instructions", "dependencies", "excuses", "platelets", "asymptotes", "courts",
        "dolphins", "multipliers", "sauternes", "warthogs", "frets", "dinos", "attainments", "somas", "tithes", "sheaves",
        "sleep", "wake", "are", "cajole", "haggle", "nag", "use", "boost", "affix", "detect", "integrate", "maintain", "nod",
        "was", "lose", "sublate", "solve", "thrash", "promise", "engage", "hinder", "print", "x-ray", "breach", "eat", "grow",
        "impress", "mold", "poach", "serve", "run", "dazzle", "snooze", "doze", "unwind", "kindle", "play", "hang", "believe",
        "about", "above", "according", "to", "across", "after", "against", "along", "alongside", "of", "among", "around", "at",
    ];

    private static readonly ParquetSchema Schema = new(
        new DataField<long>("l_orderkey", false), new DataField<long>("l_partkey", false), new DataField<long>("l_suppkey", false),
        new DataField<int>("l_linenumber", false), new DataField<long>("l_quantity", false), new DataField<double>("l_extendedprice", false),
        new DataField<double>("l_discount", false), new DataField<double>("l_tax", false),
        new DataField<string>("l_returnflag", false), new DataField<string>("l_linestatus", false),
        new DataField<DateOnly>("l_shipdate", false), new DataField<DateOnly>("l_commitdate", false), new DataField<DateOnly>("l_receiptdate", false),
        new DataField<string>("l_shipinstruct", false), new DataField<string>("l_shipmode", false), new DataField<string>("l_comment", false));

    /// <summary>
    /// Writes <paramref name="rowGroups"/> row groups totalling about <paramref name="targetBytes"/>
    /// into <paramref name="directory"/>.
    /// </summary>
    public static async Task<GeneratedTable> GenerateAsync(
        string directory, long targetBytes, int rowGroups, int seed, CompressionMethod compression = CompressionMethod.Snappy)
    {
        return await GenerateRowsAsync(directory, await RowsPerGroupAsync(targetBytes, rowGroups, seed, compression).ConfigureAwait(false), rowGroups, seed, compression).ConfigureAwait(false);
    }

    /// <summary>Rows per row group that make <paramref name="rowGroups"/> groups about <paramref name="targetBytes"/> in this compression.</summary>
    public static async Task<long> RowsPerGroupAsync(long targetBytes, int rowGroups, int seed, CompressionMethod compression)
    {
        // Size by a sample: bytes per row of one generated row group (deterministic, as all of it is).
        const int sampleRows = 20_000;
        using var sample = new MemoryStream();
        await WriteAsync(sample, 1, sampleRows, seed, compression, null).ConfigureAwait(false);
        var bytesPerRow = (double)sample.Length / sampleRows;
        return (long)Math.Ceiling(targetBytes / (double)rowGroups / bytesPerRow);
    }

    /// <summary>Writes <paramref name="rowGroups"/> row groups of <paramref name="rowsPerGroup"/> rows into <paramref name="directory"/>.</summary>
    public static async Task<GeneratedTable> GenerateRowsAsync(string directory, long rowsPerGroup, int rowGroups, int seed, CompressionMethod compression)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"lineitem-seed{seed}-{rowGroups}x{rowsPerGroup}.{compression.ToString().ToLowerInvariant()}.parquet"));
        var expected = new SortedDictionary<(string, string), GroupTotals>();
        var groupBytes = new List<long>();
        var temporary = path + ".part";
        await using (var file = File.Create(temporary))
        {
            await WriteAsync(file, rowGroups, rowsPerGroup, seed, compression, (flag, status, quantity, shipDate) =>
            {
                if (shipDate > ShipDateCutoff)
                {
                    return;
                }
                var key = (flag, status);
                expected[key] = expected.TryGetValue(key, out var t)
                    ? t with { Count = t.Count + 1, SumQuantity = t.SumQuantity + quantity }
                    : new GroupTotals(flag, status, 1, quantity);
            }, groupBytes).ConfigureAwait(false);
        }
        File.Move(temporary, path, overwrite: true);
        return new GeneratedTable(path, new FileInfo(path).Length, rowGroups, rowsPerGroup, rowGroups * rowsPerGroup, groupBytes.Max(), [.. expected.Values]);
    }

    private static async Task WriteAsync(
        Stream output, int rowGroups, long rowsPerGroup, int seed, CompressionMethod compression, Action<string, string, long, DateOnly>? observe, List<long>? groupBytes = null)
    {
        var fields = Schema.GetDataFields();
        var rows = checked((int)rowsPerGroup);
        await using var writer = await ParquetWriter.CreateAsync(Schema, output, new ParquetOptions { CompressionMethod = compression }).ConfigureAwait(false);
        var orderKey = 0L;
        for (var g = 0; g < rowGroups; g++)
        {
            var before = output.Position;
            // One generator per row group: any row group can be regenerated alone.
            var random = new Random(unchecked(seed * 1_000_003 + g));
            var cols = new Columns(rows);
            var i = 0;
            while (i < rows)
            {
                orderKey++;
                var orderDate = StartDate.AddDays(random.Next(OrderDays + 1));
                var lines = random.Next(1, 8);
                for (var line = 1; line <= lines && i < rows; line++, i++)
                {
                    var partKey = random.Next(1, 200_001);
                    var quantity = random.Next(1, 51);
                    var retailPrice = (90_000 + partKey / 10 % 20_001 + 100 * (partKey % 1_000)) / 100.0;
                    var shipDate = orderDate.AddDays(random.Next(1, 122));
                    var receiptDate = shipDate.AddDays(random.Next(1, 31));
                    cols.OrderKey[i] = orderKey;
                    cols.PartKey[i] = partKey;
                    cols.SuppKey[i] = (partKey + (random.Next(4) * (10_000 / 4 + (partKey - 1) / 10_000))) % 10_000 + 1;
                    cols.LineNumber[i] = line;
                    cols.Quantity[i] = quantity;
                    cols.ExtendedPrice[i] = Math.Round(quantity * retailPrice, 2);
                    cols.Discount[i] = random.Next(0, 11) / 100.0;
                    cols.Tax[i] = random.Next(0, 9) / 100.0;
                    cols.ReturnFlag[i] = receiptDate <= CurrentDate ? (random.Next(2) == 0 ? "R" : "A") : "N";
                    cols.LineStatus[i] = shipDate > CurrentDate ? "O" : "F";
                    cols.ShipDate[i] = shipDate;
                    cols.CommitDate[i] = orderDate.AddDays(random.Next(30, 91));
                    cols.ReceiptDate[i] = receiptDate;
                    cols.ShipInstruct[i] = Instructions[random.Next(Instructions.Length)];
                    cols.ShipMode[i] = Modes[random.Next(Modes.Length)];
                    cols.Comment[i] = Comment(random);
                    observe?.Invoke(cols.ReturnFlag[i], cols.LineStatus[i], quantity, shipDate);
                }
            }
            using (var rowGroup = writer.CreateRowGroup())
            {
                await rowGroup.WriteAsync<long>(fields[0], cols.OrderKey).ConfigureAwait(false);
                await rowGroup.WriteAsync<long>(fields[1], cols.PartKey).ConfigureAwait(false);
                await rowGroup.WriteAsync<long>(fields[2], cols.SuppKey).ConfigureAwait(false);
                await rowGroup.WriteAsync<int>(fields[3], cols.LineNumber).ConfigureAwait(false);
                await rowGroup.WriteAsync<long>(fields[4], cols.Quantity).ConfigureAwait(false);
                await rowGroup.WriteAsync<double>(fields[5], cols.ExtendedPrice).ConfigureAwait(false);
                await rowGroup.WriteAsync<double>(fields[6], cols.Discount).ConfigureAwait(false);
                await rowGroup.WriteAsync<double>(fields[7], cols.Tax).ConfigureAwait(false);
                await rowGroup.WriteAsync(fields[8], cols.ReturnFlag).ConfigureAwait(false);
                await rowGroup.WriteAsync(fields[9], cols.LineStatus).ConfigureAwait(false);
                await rowGroup.WriteAsync<DateOnly>(fields[10], cols.ShipDate).ConfigureAwait(false);
                await rowGroup.WriteAsync<DateOnly>(fields[11], cols.CommitDate).ConfigureAwait(false);
                await rowGroup.WriteAsync<DateOnly>(fields[12], cols.ReceiptDate).ConfigureAwait(false);
                await rowGroup.WriteAsync(fields[13], cols.ShipInstruct).ConfigureAwait(false);
                await rowGroup.WriteAsync(fields[14], cols.ShipMode).ConfigureAwait(false);
                await rowGroup.WriteAsync(fields[15], cols.Comment).ConfigureAwait(false);
            }
            groupBytes?.Add(output.Position - before);
        }
    }

    /// <summary>dbgen-like text: 10 to 43 characters of words.</summary>
    private static string Comment(Random random)
    {
        var length = random.Next(10, 44);
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }
            text.Append(Words[random.Next(Words.Length)]);
        }
        return text.ToString(0, length);
    }

    private sealed class Columns(int rows)
    {
        public long[] OrderKey { get; } = new long[rows];
        public long[] PartKey { get; } = new long[rows];
        public long[] SuppKey { get; } = new long[rows];
        public int[] LineNumber { get; } = new int[rows];
        public long[] Quantity { get; } = new long[rows];
        public double[] ExtendedPrice { get; } = new double[rows];
        public double[] Discount { get; } = new double[rows];
        public double[] Tax { get; } = new double[rows];
        public string[] ReturnFlag { get; } = new string[rows];
        public string[] LineStatus { get; } = new string[rows];
        public DateOnly[] ShipDate { get; } = new DateOnly[rows];
        public DateOnly[] CommitDate { get; } = new DateOnly[rows];
        public DateOnly[] ReceiptDate { get; } = new DateOnly[rows];
        public string[] ShipInstruct { get; } = new string[rows];
        public string[] ShipMode { get; } = new string[rows];
        public string[] Comment { get; } = new string[rows];
    }
}
