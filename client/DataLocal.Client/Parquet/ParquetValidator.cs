using DataLocal.Common.Parquet;
using System.Globalization;

namespace DataLocal.Client.Parquet;

/// <summary>
/// Decides whether a local file that looks like Parquet can be stored as Parquet. Stage 1 is ours and
/// defines validity: the footer (<see cref="ParquetFooterReader"/>) and every page header
/// (<see cref="ParquetPageWalker"/>) must be consistent; a failure throws <see cref="InvalidParquetException"/>.
/// Stage 2 asks Parquet.Net, under a hard time limit, to decode the file; its failures cannot tell a broken
/// file from a feature it lacks (it throws the same exception types for both), so once stage 1 passed they
/// only mark the file as unsupported, never as invalid.
/// </summary>
public sealed class ParquetValidator(ParquetValidatorOptions? options = null)
{
    private readonly ParquetValidatorOptions _options = options ?? new ParquetValidatorOptions();

    /// <summary>
    /// True when a file should be validated as Parquet: a <c>.parquet</c> name, or the <c>PAR1</c> magic at
    /// either end (a damaged file keeps its claim at one end). Anything else is stored as a plain file.
    /// </summary>
    public static bool LooksLikeParquet(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        using var stream = File.OpenRead(path);
        if (stream.Length < 4)
        {
            return false;
        }
        Span<byte> magic = stackalloc byte[4];
        stream.ReadExactly(magic);
        if (magic.SequenceEqual("PAR1"u8))
        {
            return true;
        }
        stream.Position = stream.Length - 4;
        stream.ReadExactly(magic);
        return magic.SequenceEqual("PAR1"u8);
    }

    /// <summary>Validates the file; throws <see cref="InvalidParquetException"/> when it is broken.</summary>
    public async Task<ParquetInspection> InspectAsync(string localPath, CancellationToken cancellationToken)
    {
        ParquetFooter footer;
        IReadOnlyList<long> uncompressedBytes;
        using (var stream = File.OpenRead(localPath))
        {
            if (HasEncryptedFooter(stream))
            {
                // Parquet Modular Encryption: without keys nobody can read the footer, so there are no row
                // groups to cut at. The file is still stored, byte for byte, as a plain file.
                return new ParquetInspection(null, "encrypted footer (PARE magic): stored as a plain file");
            }
            footer = ParquetFooterReader.ReadFooter(stream);
            uncompressedBytes = ParquetPageWalker.Check(stream, footer, cancellationToken);
        }
        var (rowGroups, bomb) = PlanDecode(footer, uncompressedBytes);
        var unsupported = bomb ?? await ParquetDecodeProbe
            .ProbeAsync(localPath, rowGroups, _options.DecodeTimeLimit, cancellationToken)
            .ConfigureAwait(false);
        return new ParquetInspection(footer.Layout, unsupported);
    }

    /// <summary>
    /// Picks the row groups Parquet.Net decodes: in order, while they fit the byte and value budgets, so a
    /// large file costs a bounded sample and a decompression bomb is never inflated. A row group whose
    /// uncompressed size is both over budget and absurd relative to its bytes on disk is reported as a bomb:
    /// jobs would run out of memory on it, which is what "unsupported" warns about.
    /// </summary>
    private (IReadOnlyList<int> RowGroups, string? Bomb) PlanDecode(ParquetFooter footer, IReadOnlyList<long> pageUncompressedBytes)
    {
        var chosen = new List<int>();
        long bytes = 0, values = 0;
        var rowGroups = footer.Metadata.RowGroups;
        for (var i = 0; i < rowGroups.Count; i++)
        {
            // Both the footer and the page headers state the uncompressed size; believe the larger.
            var inflated = Math.Max(pageUncompressedBytes[i], rowGroups[i].Columns.Sum(c => c.TotalUncompressedSize));
            var stored = Math.Max(1, footer.Layout.RowGroups[i].Length);
            var entries = rowGroups[i].Columns.Sum(c => c.NumValues);
            var fits = inflated <= _options.DecodeBudgetBytes - bytes && entries <= _options.DecodeBudgetValues - values;
            if (!fits)
            {
                if (inflated > _options.DecodeBudgetBytes && inflated / (double)stored > _options.BombInflationRatio)
                {
                    return ([], string.Create(CultureInfo.InvariantCulture,
                        $"row group {i} inflates from {stored} to {inflated} bytes: not decoded (decompression bomb guard)"));
                }
                break;
            }
            bytes += inflated;
            values += entries;
            chosen.Add(i);
        }
        return (chosen, null);
    }

    private static bool HasEncryptedFooter(FileStream stream)
    {
        if (stream.Length < 4)
        {
            return false;
        }
        Span<byte> tail = stackalloc byte[4];
        stream.Position = stream.Length - 4;
        stream.ReadExactly(tail);
        return tail.SequenceEqual("PARE"u8);
    }
}
