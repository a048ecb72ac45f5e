using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

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
                    // Written property by property, not as a JsonObject: two columns may share a name (`SELECT a, a`).
                    json.WritePropertyName(columns[i]);
                    WriteValue(json, Value(row[i], TypeOf(columnTypes, i)));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The rows as arrays of typed values, in column order: what `--json` prints as a job's rows.</summary>
    public static JsonArray TypedRows(IReadOnlyList<string>? columnTypes, IReadOnlyList<IReadOnlyList<string?>> rows) =>
        [.. rows.Select(row => (JsonNode)new JsonArray([.. row.Select((value, i) => Value(value, TypeOf(columnTypes, i)))]))];

    private static string TypeOf(IReadOnlyList<string>? columnTypes, int column) =>
        columnTypes is not null && column < columnTypes.Count ? columnTypes[column] : "text";

    /// <summary>One value as JSON: null for NULL; a number column's invariant text (1E+20 included) parsed as the JSON number it is.</summary>
    private static JsonValue? Value(string? value, string type) => (value, type) switch
    {
        (null, _) => null,
        (_, "number") when JsonNode.Parse(value) is JsonValue number && number.GetValueKind() == JsonValueKind.Number => number,
        (_, "boolean") => JsonValue.Create(value == "true"),
        _ => JsonValue.Create(value),
    };

    private static void WriteValue(Utf8JsonWriter json, JsonValue? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            value.WriteTo(json);
        }
    }
}
