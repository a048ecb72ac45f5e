namespace DataLocal.Common.Parquet;

/// <summary>A leaf column of the schema tree, with what validation and statistics need to know about it.</summary>
internal sealed record LeafColumn(
    string Path,
    IReadOnlyList<string> PathParts,
    SchemaElement Element,
    int MaxDefinitionLevel,
    int MaxRepetitionLevel)
{
    public int PhysicalType => Element.Type ?? -1;
}

/// <summary>
/// Checks the flattened (depth-first) schema list is one consistent tree and lists its leaves. Iterative,
/// because a hostile footer can nest as deep as it has elements.
/// </summary>
internal static class ParquetSchema
{
    public const int Required = 0;
    public const int Optional = 1;
    public const int Repeated = 2;

    public const int FixedLenByteArray = 7;

    public static IReadOnlyList<LeafColumn> Leaves(IReadOnlyList<SchemaElement> elements)
    {
        if (elements.Count == 0)
        {
            throw new InvalidParquetException("schema is empty");
        }
        var root = elements[0];
        if (root.NumChildren < 0)
        {
            throw new InvalidParquetException($"schema root has {root.NumChildren} children");
        }
        var leaves = new List<LeafColumn>();
        // Each frame: children still expected, path so far, levels so far.
        var stack = new Stack<(int Remaining, List<string> Path, int Def, int Rep)>();
        stack.Push((root.NumChildren, [], 0, 0));
        var index = 1;
        while (stack.Count > 0)
        {
            var frame = stack.Pop();
            if (frame.Remaining == 0)
            {
                continue;
            }
            stack.Push(frame with { Remaining = frame.Remaining - 1 });
            if (index >= elements.Count)
            {
                throw new InvalidParquetException("schema num_children counts exceed the schema elements");
            }
            var element = elements[index++];
            Check(element);
            var path = new List<string>(frame.Path) { element.Name };
            var def = frame.Def + (element.Repetition is Optional or Repeated ? 1 : 0);
            var rep = frame.Rep + (element.Repetition is Repeated ? 1 : 0);
            if (element.NumChildren > 0)
            {
                stack.Push((element.NumChildren, path, def, rep));
            }
            else
            {
                if (element.Type is null)
                {
                    throw new InvalidParquetException($"schema leaf '{element.Name}' has no physical type");
                }
                leaves.Add(new LeafColumn(string.Join('.', path), path, element, def, rep));
            }
        }
        if (index != elements.Count)
        {
            throw new InvalidParquetException(
                $"schema has {elements.Count} elements but its num_children counts cover {index}");
        }
        return leaves;
    }

    private static void Check(SchemaElement element)
    {
        if (element.NumChildren < 0)
        {
            throw new InvalidParquetException($"schema element '{element.Name}' has {element.NumChildren} children");
        }
        if (element.Type is < 0 or > FixedLenByteArray)
        {
            throw new InvalidParquetException($"schema element '{element.Name}' has unknown physical type {element.Type}");
        }
        if (element.Repetition is not (null or Required or Optional or Repeated))
        {
            throw new InvalidParquetException(
                $"schema element '{element.Name}' has unknown repetition type {element.Repetition}");
        }
        if (element.Type == FixedLenByteArray && element.TypeLength is null or < 0)
        {
            throw new InvalidParquetException(
                $"FIXED_LEN_BYTE_ARRAY column '{element.Name}' has type_length {element.TypeLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}");
        }
    }
}
