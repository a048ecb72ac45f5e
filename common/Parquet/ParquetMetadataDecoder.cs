namespace DataLocal.Common.Parquet;

/// <summary>
/// Decodes Parquet's Thrift FileMetaData with <see cref="ThriftCompactReader"/>. Known fields must have
/// their declared wire type and required fields must be present; unknown fields are skipped, as Thrift
/// allows newer writers to add them.
/// </summary>
internal static class ParquetMetadataDecoder
{
    public static FileMetadata DecodeFileMetadata(ThriftCompactReader reader)
    {
        List<SchemaElement>? schema = null;
        long? numRows = null;
        List<RowGroupMetadata>? rowGroups = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 2:
                    ThriftCompactReader.Expect(field, ThriftType.List, "FileMetaData.schema");
                    schema = ReadList(reader, ThriftType.Struct, "FileMetaData.schema", DecodeSchemaElement);
                    break;
                case 3:
                    ThriftCompactReader.Expect(field, ThriftType.I64, "FileMetaData.num_rows");
                    numRows = reader.ReadI64();
                    break;
                case 4:
                    ThriftCompactReader.Expect(field, ThriftType.List, "FileMetaData.row_groups");
                    rowGroups = ReadList(reader, ThriftType.Struct, "FileMetaData.row_groups", DecodeRowGroup);
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        return new FileMetadata(
            schema ?? throw Missing("FileMetaData.schema"),
            numRows ?? throw Missing("FileMetaData.num_rows"),
            rowGroups ?? throw Missing("FileMetaData.row_groups"));
    }

    private static SchemaElement DecodeSchemaElement(ThriftCompactReader reader)
    {
        int? type = null, typeLength = null, repetition = null, convertedType = null, scale = null, precision = null;
        var numChildren = 0;
        string? name = null;
        LogicalType? logicalType = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 1: type = ReadI32(reader, field, "SchemaElement.type"); break;
                case 2: typeLength = ReadI32(reader, field, "SchemaElement.type_length"); break;
                case 3: repetition = ReadI32(reader, field, "SchemaElement.repetition_type"); break;
                case 4:
                    ThriftCompactReader.Expect(field, ThriftType.Binary, "SchemaElement.name");
                    name = reader.ReadString();
                    break;
                case 5: numChildren = ReadI32(reader, field, "SchemaElement.num_children"); break;
                case 6: convertedType = ReadI32(reader, field, "SchemaElement.converted_type"); break;
                case 7: scale = ReadI32(reader, field, "SchemaElement.scale"); break;
                case 8: precision = ReadI32(reader, field, "SchemaElement.precision"); break;
                case 10:
                    ThriftCompactReader.Expect(field, ThriftType.Struct, "SchemaElement.logicalType");
                    logicalType = DecodeLogicalType(reader);
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        return new SchemaElement(
            name ?? throw Missing("SchemaElement.name"),
            type, typeLength, repetition, numChildren, convertedType, scale, precision, logicalType);
    }

    private static LogicalType DecodeLogicalType(ThriftCompactReader reader)
    {
        // A union: exactly one member is set. DECIMAL (5), TIMESTAMP (8) and INTEGER (10) carry parameters we use.
        int? kind = null, decimalScale = null, decimalPrecision = null, bitWidth = null, timeUnit = null;
        bool? signed = null, adjustedToUtc = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            ThriftCompactReader.Expect(field, ThriftType.Struct, "LogicalType member");
            if (kind is not null)
            {
                throw new InvalidParquetException("LogicalType union has more than one member");
            }
            kind = field.Id;
            reader.BeginStruct();
            while (reader.TryReadField(out var inner))
            {
                switch ((field.Id, inner.Id))
                {
                    case (5, 1): decimalScale = ReadI32(reader, inner, "DecimalType.scale"); break;
                    case (5, 2): decimalPrecision = ReadI32(reader, inner, "DecimalType.precision"); break;
                    case (8, 1):
                        ThriftCompactReader.Expect(inner, ThriftType.Bool, "TimestampType.isAdjustedToUTC");
                        adjustedToUtc = reader.ReadBool();
                        break;
                    case (8, 2):
                        ThriftCompactReader.Expect(inner, ThriftType.Struct, "TimestampType.unit");
                        timeUnit = ReadUnionMember(reader);
                        break;
                    case (10, 1):
                        ThriftCompactReader.Expect(inner, ThriftType.Byte, "IntType.bitWidth");
                        bitWidth = reader.ReadByte();
                        break;
                    case (10, 2):
                        ThriftCompactReader.Expect(inner, ThriftType.Bool, "IntType.isSigned");
                        signed = reader.ReadBool();
                        break;
                    default:
                        reader.Skip(inner.Type);
                        break;
                }
            }
            reader.EndStruct();
        }
        reader.EndStruct();
        return new LogicalType(kind ?? throw Missing("LogicalType member"), decimalScale, decimalPrecision, bitWidth, signed, adjustedToUtc, timeUnit);
    }

    // Which member of a union of empty structs (TimeUnit) is set; its contents are skipped.
    private static int? ReadUnionMember(ThriftCompactReader reader)
    {
        int? member = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            member ??= field.Id;
            reader.Skip(field.Type);
        }
        reader.EndStruct();
        return member;
    }

    private static RowGroupMetadata DecodeRowGroup(ThriftCompactReader reader)
    {
        List<ColumnChunkMetadata>? columns = null;
        long? numRows = null, fileOffset = null, totalCompressedSize = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 1:
                    ThriftCompactReader.Expect(field, ThriftType.List, "RowGroup.columns");
                    columns = ReadList(reader, ThriftType.Struct, "RowGroup.columns", DecodeColumnChunk);
                    break;
                case 3: numRows = ReadI64(reader, field, "RowGroup.num_rows"); break;
                case 5: fileOffset = ReadI64(reader, field, "RowGroup.file_offset"); break;
                case 6: totalCompressedSize = ReadI64(reader, field, "RowGroup.total_compressed_size"); break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        return new RowGroupMetadata(
            columns ?? throw Missing("RowGroup.columns"),
            numRows ?? throw Missing("RowGroup.num_rows"),
            fileOffset,
            totalCompressedSize);
    }

    private static ColumnChunkMetadata DecodeColumnChunk(ThriftCompactReader reader)
    {
        string? filePath = null;
        ColumnChunkMetadata? metadata = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 1:
                    ThriftCompactReader.Expect(field, ThriftType.Binary, "ColumnChunk.file_path");
                    filePath = reader.ReadString();
                    break;
                case 3:
                    ThriftCompactReader.Expect(field, ThriftType.Struct, "ColumnChunk.meta_data");
                    metadata = DecodeColumnMetadata(reader);
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        // Without meta_data (e.g. columns encrypted under a plaintext footer) there is no byte range to plan with.
        return (metadata ?? throw Missing("ColumnChunk.meta_data")) with { FilePath = filePath };
    }

    private static ColumnChunkMetadata DecodeColumnMetadata(ThriftCompactReader reader)
    {
        int? type = null, codec = null;
        List<string>? path = null;
        long? numValues = null, uncompressed = null, compressed = null, dataPageOffset = null, dictionaryPageOffset = null;
        StatisticsMetadata? statistics = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 1: type = ReadI32(reader, field, "ColumnMetaData.type"); break;
                case 3:
                    ThriftCompactReader.Expect(field, ThriftType.List, "ColumnMetaData.path_in_schema");
                    path = ReadList(reader, ThriftType.Binary, "ColumnMetaData.path_in_schema", r => r.ReadString());
                    break;
                case 4: codec = ReadI32(reader, field, "ColumnMetaData.codec"); break;
                case 5: numValues = ReadI64(reader, field, "ColumnMetaData.num_values"); break;
                case 6: uncompressed = ReadI64(reader, field, "ColumnMetaData.total_uncompressed_size"); break;
                case 7: compressed = ReadI64(reader, field, "ColumnMetaData.total_compressed_size"); break;
                case 9: dataPageOffset = ReadI64(reader, field, "ColumnMetaData.data_page_offset"); break;
                case 11: dictionaryPageOffset = ReadI64(reader, field, "ColumnMetaData.dictionary_page_offset"); break;
                case 12:
                    ThriftCompactReader.Expect(field, ThriftType.Struct, "ColumnMetaData.statistics");
                    statistics = DecodeStatistics(reader);
                    break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        return new ColumnChunkMetadata(
            null,
            type ?? throw Missing("ColumnMetaData.type"),
            path ?? throw Missing("ColumnMetaData.path_in_schema"),
            codec ?? throw Missing("ColumnMetaData.codec"),
            numValues ?? throw Missing("ColumnMetaData.num_values"),
            uncompressed ?? throw Missing("ColumnMetaData.total_uncompressed_size"),
            compressed ?? throw Missing("ColumnMetaData.total_compressed_size"),
            dataPageOffset ?? throw Missing("ColumnMetaData.data_page_offset"),
            dictionaryPageOffset,
            statistics);
    }

    /// <summary>Decodes a Statistics struct; also used for page-header statistics, which share it.</summary>
    public static StatisticsMetadata DecodeStatistics(ThriftCompactReader reader)
    {
        byte[]? max = null, min = null, maxValue = null, minValue = null;
        long? nullCount = null;
        reader.BeginStruct();
        while (reader.TryReadField(out var field))
        {
            switch (field.Id)
            {
                case 1: max = ReadBinary(reader, field, "Statistics.max"); break;
                case 2: min = ReadBinary(reader, field, "Statistics.min"); break;
                case 3: nullCount = ReadI64(reader, field, "Statistics.null_count"); break;
                case 5: maxValue = ReadBinary(reader, field, "Statistics.max_value"); break;
                case 6: minValue = ReadBinary(reader, field, "Statistics.min_value"); break;
                default:
                    reader.Skip(field.Type);
                    break;
            }
        }
        reader.EndStruct();
        return new StatisticsMetadata(max, min, nullCount, maxValue, minValue);
    }

    private static List<T> ReadList<T>(
        ThriftCompactReader reader, ThriftType elementType, string what, Func<ThriftCompactReader, T> readElement)
    {
        var header = reader.ReadListHeader();
        if (header.Count > 0 && header.ElementType != elementType)
        {
            throw new InvalidParquetException($"{what} holds {header.ElementType}, expected {elementType}");
        }
        var items = new List<T>(header.Count);
        for (var i = 0; i < header.Count; i++)
        {
            items.Add(readElement(reader));
        }
        reader.EndCollection();
        return items;
    }

    private static int ReadI32(ThriftCompactReader reader, ThriftField field, string what)
    {
        ThriftCompactReader.Expect(field, ThriftType.I32, what);
        return reader.ReadI32();
    }

    private static long ReadI64(ThriftCompactReader reader, ThriftField field, string what)
    {
        ThriftCompactReader.Expect(field, ThriftType.I64, what);
        return reader.ReadI64();
    }

    private static byte[] ReadBinary(ThriftCompactReader reader, ThriftField field, string what)
    {
        ThriftCompactReader.Expect(field, ThriftType.Binary, what);
        return reader.ReadBinary();
    }

    private static InvalidParquetException Missing(string what) => new($"required field {what} is missing");
}
