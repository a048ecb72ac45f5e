using System.Text.Json;

namespace DataLocal.Common.Hosting;

/// <summary>
/// The addresses a running namenode or datanode actually bound (ports may be 0 = any). Each role
/// writes it into its own directory once it listens, so a launcher can find it without parsing logs.
/// </summary>
public sealed record EndpointFile(string Role, string RpcAddress, string? HttpAddress, int ProcessId)
{
    public const string FileName = "endpoint.json";

    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>Writes atomically (temp file + rename) so a reader never sees half a file.</summary>
    public void WriteTo(string directory)
    {
        var target = PathIn(directory);
        var temp = target + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this));
        File.Move(temp, target, overwrite: true);
    }

    public static EndpointFile? TryRead(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<EndpointFile>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
