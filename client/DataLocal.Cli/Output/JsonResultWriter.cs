using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataLocal.Cli.Output;

/// <summary>
/// Writes a result table as a JSON array with one object per row (column name to value, as DuckDB's
/// JSON mode does), values typed: numbers as JSON numbers, booleans as true/false, NULL as null, the rest as strings.
/// </summary>
public static class JsonResultWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="columnTypes">Per column: number, boolean or text (the namenode's names); missing or short (a job from an older namenode) means text.</param>
    public static void Write(TextWriter output, IReadOnlyList<string> columns, IReadOnlyList<string>? columnTypes, IReadOnlyList<IReadOnlyList<string?>> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < columns.Count; i++)
                {
                    json.WritePropertyName(columns[i]);
                    WriteValue(json, row[i], columnTypes is not null && i < columnTypes.Count ? columnTypes[i] : "text");
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteValue(Utf8JsonWriter json, string? value, string type)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else if (type == "number")
        {
            // The namenode's invariant text of a finite number is a valid JSON number (1E+20 included); the writer checks it.
            json.WriteRawValue(value);
        }
        else if (type == "boolean")
        {
            json.WriteBooleanValue(value == "true");
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
