namespace DataLocal.Cli.Output;

/// <summary>
/// Columns as Hadoop's shell prints them (its TableBuilder): each padded to its widest cell, two spaces
/// apart, left-aligned unless named right-aligned, and no padding after the last.
/// </summary>
public static class HadoopTable
{
    public static void Write(TextWriter output, IReadOnlyList<string[]> rows, int[] rightAligned)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => rightAligned.Contains(c) ? cell.PadLeft(widths[c])
                : c == columns - 1 ? cell
                : cell.PadRight(widths[c]));
            output.WriteLine(string.Join("  ", cells));
        }
    }
}
