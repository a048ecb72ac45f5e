using System.Text.Json;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>
/// The user's settings file: the global flags' values (namenode, token-file, tls-ca) kept in JSON, so
/// commands find a cluster from any directory, not only the one `cluster start` ran in. It sits at
/// $DATALOCAL_CONF, else $XDG_CONFIG_HOME/datalocal/settings.json, else ~/.config/datalocal/settings.json.
/// Flags, environment variables and a local cluster (./.datalocal) all come before it; see the resolvers.
/// </summary>
public sealed record SettingsFile(string? NameNode, string? TokenFile, string? TlsCa)
{
    public const string EnvironmentVariable = "DATALOCAL_CONF";

    /// <summary>The keys a settings file may hold: the global flags' names without their dashes.</summary>
    public static readonly IReadOnlyList<string> Keys = ["namenode", "token-file", "tls-ca"];

    private static readonly SettingsFile Empty = new(null, null, null);

    /// <summary>Where the settings file is looked for now (it need not exist).</summary>
    public static string DefaultPath
    {
        get
        {
            var named = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(named))
            {
                return Path.GetFullPath(ExpandHome(named));
            }
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrWhiteSpace(config))
            {
                config = Path.Combine(Home, ".config");
            }
            return Path.Combine(config, "datalocal", "settings.json");
        }
    }

    /// <summary>The settings at <see cref="DefaultPath"/>, or none when there is no file. A file named by $DATALOCAL_CONF must exist.</summary>
    public static SettingsFile Load()
    {
        var path = DefaultPath;
        if (File.Exists(path))
        {
            return Load(path);
        }
        // A path the user set and mistyped would otherwise be ignored without a word.
        return string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable))
            ? Empty
            : throw new DataLocalException($"{path}: no such settings file (named by ${EnvironmentVariable}); create it or unset ${EnvironmentVariable}");
    }

    /// <summary>
    /// Reads one settings file. File paths in it may start with ~/ and, when relative, are taken from the
    /// file's own directory (not the one a command runs in, which is the point of the file).
    /// </summary>
    public static SettingsFile Load(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new DataLocalException($"{path}: not valid JSON ({ex.Message}); fix it or point ${EnvironmentVariable} elsewhere", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new DataLocalException($"{path}: a settings file is one JSON object, like {{\"namenode\": \"http://host:8020\"}}");
            }
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!Keys.Contains(property.Name))
                {
                    throw new DataLocalException($"{path}: unknown key \"{property.Name}\"; the keys are {string.Join(", ", Keys)}");
                }
                if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                {
                    throw new DataLocalException($"{path}: \"{property.Name}\" must be a non-empty string");
                }
                values[property.Name] = property.Value.GetString()!.Trim();
            }
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            return new SettingsFile(
                values.GetValueOrDefault("namenode"),
                FromDirectory(directory, values.GetValueOrDefault("token-file")),
                FromDirectory(directory, values.GetValueOrDefault("tls-ca")));
        }
    }

    private static string? FromDirectory(string directory, string? path) =>
        path is null ? null : Path.GetFullPath(Path.Combine(directory, ExpandHome(path)));

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? Home + path[1..] : path;

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
