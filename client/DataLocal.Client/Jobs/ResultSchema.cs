namespace DataLocal.Client.Jobs;

/// <summary>
/// A result's column names and SQL types with the .NET type each reads as, resolved once and shared by
/// every <see cref="JobResultRow"/> of the result.
/// </summary>
internal sealed class ResultSchema
{
    public ResultSchema(IReadOnlyList<string> columns, IReadOnlyList<string>? sqlTypes)
    {
        Columns = columns;
        // A namenode from before SQL types were kept says none: every column then reads as its text.
        SqlTypes = sqlTypes is { } types && types.Count == columns.Count ? types : [.. columns.Select(_ => Common.Query.SqlTypeName.Varchar)];
        ClrTypes = [.. SqlTypes.Select(ResultValueText.ClrTypeOf)];
    }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<string> SqlTypes { get; }

    public Type[] ClrTypes { get; }

    /// <summary>The index of a column: the exact name first, then ignoring case (as SQL names are); -1 if none.</summary>
    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i] == column)
            {
                return i;
            }
        }
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A row's text values as typed ones; <see cref="FormatException"/> naming the column when one does not parse.</summary>
    public object?[] Parse(IReadOnlyList<string?> texts)
    {
        if (texts.Count != Columns.Count)
        {
            throw new FormatException($"a result row has {texts.Count} values for {Columns.Count} columns");
        }
        var values = new object?[texts.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (texts[i] is not { } text)
            {
                continue;
            }
            try
            {
                values[i] = ResultValueText.Parse(text, ClrTypes[i], SqlTypes[i]);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException)
            {
                throw new FormatException($"column '{Columns[i]}' ({SqlTypes[i]}): '{text}' is not a {ClrTypes[i].Name}", ex);
            }
        }
        return values;
    }
}
