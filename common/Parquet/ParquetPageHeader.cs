namespace DataLocal.Common.Parquet;

/// <summary>
/// A page header (parquet.thrift PageHeader with its data, dictionary or V2 part), as both the put-time page
/// walk and the datanode's column decoder need it. Counts absent from the header stay 0; encodings absent
/// stay -1.
/// </summary>
internal sealed record ParquetPageHeader
{
    // parquet.thrift PageType.
    public const int DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3;

    public int Type { get; init; }

    /// <summary>Bytes of the Thrift header itself; the page body follows it.</summary>
    public int HeaderLength { get; init; }

    public int UncompressedSize { get; init; }

    public int CompressedSize { get; init; }

    /// <summary>Values in a data page (nulls included), or entries in a dictionary page.</summary>
    public int NumValues { get; init; }

    /// <summary>V2's num_nulls, or the null count of a V1 page's statistics, whichever is larger.</summary>
    public long NumNulls { get; init; }

    public int NumRows { get; init; }

    /// <summary>The values' encoding (parquet.thrift Encoding).</summary>
    public int Encoding { get; init; } = -1;

    /// <summary>V1 only: how definition levels are encoded (3 = RLE).</summary>
    public int DefinitionLevelEncoding { get; init; } = -1;

    /// <summary>V2 only: bytes of definition levels, stored uncompressed before the values.</summary>
    public int DefinitionLevelsLength { get; init; }

    /// <summary>V2 only: bytes of repetition levels, stored uncompressed first.</summary>
    public int RepetitionLevelsLength { get; init; }

    public long LevelsLength => (long)DefinitionLevelsLength + RepetitionLevelsLength;

    /// <summary>V2 only: whether the values part is compressed with the chunk's codec (default true).</summary>
    public bool IsCompressed { get; init; } = true;

    public static ParquetPageHeader Decode(ThriftCompactReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int? type = null, uncompressed = null, compressed = null;
        var header = new ParquetPageHeader();
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 1: type = ReadI32(reader, field, "PageHeader.type"); break;
                case 2: uncompressed = ReadI32(reader, field, "PageHeader.uncompressed_page_size"); break;
                case 3: compressed = ReadI32(reader, field, "PageHeader.compressed_page_size"); break;
                case 5:
                case 7:
                case 8:
                    ThriftCompactReader.Expect(field, ThriftType.Struct, "PageHeader page-type header");
                    header = DecodeTypeHeader(reader, field.Id);
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        if (type is not (DataPage or IndexPage or DictionaryPage or DataPageV2))
        {
            throw new InvalidParquetException($"page type {type?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}");
        }
        return header with
        {
            Type = type.Value,
            UncompressedSize = uncompressed ?? throw new InvalidParquetException("page uncompressed size missing"),
            CompressedSize = compressed ?? throw new InvalidParquetException("page compressed size missing"),
            HeaderLength = reader.Position,
        };
    }

    /// <summary>Reads DataPageHeader (5), DictionaryPageHeader (7) or DataPageHeaderV2 (8).</summary>
    private static ParquetPageHeader DecodeTypeHeader(ThriftCompactReader reader, short kind)
    {
        var header = new ParquetPageHeader();
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch ((kind, field.Id))
            {
                case (_, 1): header = header with { NumValues = ReadI32(reader, field, "page num_values") }; break;
                case (5, 2) or (7, 2) or (8, 4): header = header with { Encoding = ReadI32(reader, field, "page encoding") }; break;
                case (5, 3): header = header with { DefinitionLevelEncoding = ReadI32(reader, field, "DataPageHeader.definition_level_encoding") }; break;
                case (8, 2): header = header with { NumNulls = ReadI32(reader, field, "DataPageHeaderV2.num_nulls") }; break;
                case (8, 3): header = header with { NumRows = ReadI32(reader, field, "DataPageHeaderV2.num_rows") }; break;
                case (8, 5): header = header with { DefinitionLevelsLength = ReadLength(reader, field) }; break;
                case (8, 6): header = header with { RepetitionLevelsLength = ReadLength(reader, field) }; break;
                case (8, 7):
                    ThriftCompactReader.Expect(field, ThriftType.Bool, "DataPageHeaderV2.is_compressed");
                    header = header with { IsCompressed = reader.ReadBool() };
                    break;
                case (5, 5) or (8, 8):
                    ThriftCompactReader.Expect(field, ThriftType.Struct, "page statistics");
                    var statistics = ParquetMetadataDecoder.DecodeStatistics(reader);
                    header = header with { NumNulls = Math.Max(header.NumNulls, statistics.NullCount ?? 0) };
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        return header;
    }

    private static int ReadLength(ThriftCompactReader reader, ThriftField field)
    {
        var length = ReadI32(reader, field, "DataPageHeaderV2 levels length");
        return length >= 0 ? length : throw new InvalidParquetException("DataPageHeaderV2 has a negative levels length");
    }

    private static int ReadI32(ThriftCompactReader reader, ThriftField field, string what)
    {
        ThriftCompactReader.Expect(field, ThriftType.I32, what);
        return reader.ReadI32();
    }
}
