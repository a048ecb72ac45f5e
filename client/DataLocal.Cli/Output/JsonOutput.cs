using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DataLocal.Client.Jobs;

namespace DataLocal.Cli.Output;

/// <summary>The `--json` form of every command's result: camelCase, indented, durations as seconds (a number).</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new SecondsConverter() },
    };

    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, Options));

    /// <summary>A job as `--json` prints it: its fields, and its rows with typed values (numbers as numbers, NULL as null).</summary>
    public static JsonNode Job(JobInfo job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var node = JsonSerializer.SerializeToNode(job, Options)!;
        node["rows"] = JsonResultWriter.TypedRows(job.ColumnTypes, job.Rows);
        return node;
    }

    /// <summary>A TimeSpan as seconds, a JSON number a program can compare (`1.25`), not .NET's "00:00:01.2500000".</summary>
    private sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => TimeSpan.FromSeconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(Math.Round(value.TotalSeconds, 3));
    }
}
