using System.CommandLine;
using DataLocal.Cli.Cluster;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>Finds the namenode: --namenode, then $DATALOCAL_NAMENODE, then the local cluster file, then the settings file.</summary>
public static class NameNodeResolver
{
    public const string EnvironmentVariable = "DATALOCAL_NAMENODE";

    public static string Resolve(ParseResult parse)
    {
        var explicitAddress = parse.GetValue(GlobalOptions.NameNode);
        if (!string.IsNullOrWhiteSpace(explicitAddress))
        {
            return Normalize(explicitAddress);
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Normalize(fromEnvironment);
        }
        var cluster = ClusterFile.TryRead(ClusterFile.DefaultDirectory);
        if (cluster is not null)
        {
            return cluster.NameNode;
        }
        var fromSettings = SettingsFile.Load().NameNode;
        return fromSettings is not null ? Normalize(fromSettings) : throw new DataLocalException(
            $"no namenode given: pass --namenode URL, set {EnvironmentVariable}, put \"namenode\" in {SettingsFile.DefaultPath}, or start a local cluster here with `datalocal cluster start`");
    }

    /// <summary>True when the user named the namenode (--namenode or the environment), rather than leaving it to be found.</summary>
    public static bool IsGiven(ParseResult parse) =>
        !string.IsNullOrWhiteSpace(parse.GetValue(GlobalOptions.NameNode)) || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EnvironmentVariable));

    public static DataLocalClient Connect(ParseResult parse) =>
        new(Resolve(parse), new DataLocalClientOptions { Token = TokenResolver.Resolve(parse), TlsCaFile = TlsCaResolver.Resolve(parse) });

    // Accept host:port as well as a URL, as users type it.
    private static string Normalize(string address) =>
        address.Contains("://", StringComparison.Ordinal) ? address.TrimEnd('/') : "http://" + address.TrimEnd('/');
}
