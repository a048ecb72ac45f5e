namespace DataLocal.Cli.Output;

/// <summary>Writes a result table as CSV (RFC 4180) or TSV, a header line first.</summary>
public static class DelimitedResultWriter
{
    /// <summary>
    /// RFC 4180: CRLF line ends, a field holding a comma, a double quote, CR or LF enclosed in double quotes
    /// with its quotes doubled. NULL is an empty field and the empty string a quoted empty field (`""`),
    /// as DuckDB and PostgreSQL write them, so the two stay apart.
    /// </summary>
    public static void WriteCsv(TextWriter output, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        output.Write(string.Join(',', columns.Select(CsvField)) + "\r\n");
        foreach (var row in rows)
        {
            output.Write(string.Join(',', row.Select(v => v is null ? string.Empty : CsvField(v))) + "\r\n");
        }
    }

    /// <summary>
    /// Tab-separated, one line per row (LF). A tab, newline, carriage return or backslash inside a value is
    /// escaped as \t, \n, \r, \\ and NULL is \N, as PostgreSQL's and Hive's text formats do: a value never
    /// splits a line or a field.
    /// </summary>
    public static void WriteTsv(TextWriter output, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        output.Write(string.Join('\t', columns.Select(TsvField)) + "\n");
        foreach (var row in rows)
        {
            output.Write(string.Join('\t', row.Select(v => v is null ? @"\N" : TsvField(v))) + "\n");
        }
    }

    internal static string CsvField(string value) =>
        value.Length == 0 ? "\"\""
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : value;

    private static string TsvField(string value) => value
        .Replace("\\", @"\\", StringComparison.Ordinal)
        .Replace("\t", @"\t", StringComparison.Ordinal)
        .Replace("\n", @"\n", StringComparison.Ordinal)
        .Replace("\r", @"\r", StringComparison.Ordinal);
}
