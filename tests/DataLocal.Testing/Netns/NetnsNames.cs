using System.Text.RegularExpressions;

namespace DataLocal.Testing.Netns;

/// <summary>
/// How the harness names what it creates, so a later run can tell its own leftovers (an earlier
/// run that crashed or was killed) from everything else on the machine, including a run still in
/// progress in another test process: every name carries the owning process id.
/// </summary>
public static partial class NetnsNames
{
    /// <summary>Namespaces are <c>dlnet-PID-RUN-HOST</c>.</summary>
    public const string NamespacePrefix = "dlnet-";

    /// <summary>Links are <c>dlnRUN</c> (the bridge) and <c>dlnRUNvN</c> (veths): interface names are limited to 15 characters, so the owner goes in the link's alias.</summary>
    public const string LinkPrefix = "dln";

    private const string AliasPrefix = "datalocal-netns owner=";

    public static string NewRunId() => Guid.NewGuid().ToString("N")[..6];

    public static string Namespace(string runId, string host) => $"{NamespacePrefix}{Environment.ProcessId}-{runId}-{host}";

    public static string Bridge(string runId) => $"{LinkPrefix}{runId}";

    public static string Veth(string runId, int index) => $"{LinkPrefix}{runId}v{index}";

    public static string Alias => AliasPrefix + Environment.ProcessId;

    /// <summary>Removes namespaces (with their processes) and links whose owning process is gone.</summary>
    public static void RemoveLeftovers()
    {
        foreach (var line in SystemCommand.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (NamespacePattern().Match(name) is { Success: true } match && !IsAlive(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                NetnsHost.KillProcessesIn(name);
                SystemCommand.TryRun("ip", "netns", "del", name);
            }
        }
        foreach (var link in Directory.GetDirectories("/sys/class/net").Select(Path.GetFileName))
        {
            if (link is null || !LinkPattern().IsMatch(link))
            {
                continue;
            }
            var alias = ReadAlias(link);
            if (alias.StartsWith(AliasPrefix, StringComparison.Ordinal)
                && int.TryParse(alias.AsSpan(AliasPrefix.Length), out var owner) && !IsAlive(owner))
            {
                SystemCommand.TryRun("ip", "link", "del", link);
            }
        }
    }

    private static string ReadAlias(string link)
    {
        try
        {
            return File.ReadAllText($"/sys/class/net/{link}/ifalias").Trim();
        }
        catch (IOException)
        {
            return string.Empty; // the link went away meanwhile
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    [GeneratedRegex(@"^dlnet-(\d+)-")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^dln[0-9a-f]{6}(v\d+)?$")]
    private static partial Regex LinkPattern();
}
