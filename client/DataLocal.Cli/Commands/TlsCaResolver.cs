using System.CommandLine;
using DataLocal.Cli.Cluster;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Finds the CA a cluster running TLS is verified against, as the token is found: --tls-ca, then
/// $DATALOCAL_TLS_CA, then the local cluster's (recorded in ./.datalocal/cluster.json by `cluster start
/// --tls`), then the settings file's tls-ca, then ~/.datalocal/ca.pem. None means plaintext, as before TLS.
/// </summary>
public static class TlsCaResolver
{
    public const string EnvironmentVariable = "DATALOCAL_TLS_CA";
    public const string FileName = "ca.pem";

    /// <summary>The CA file's full path, or null when none is set anywhere.</summary>
    public static string? Resolve(ParseResult parse)
    {
        var named = Given(parse) ?? ClusterFile.TryRead(ClusterFile.DefaultDirectory)?.TlsCaFile ?? SettingsFile.Load().TlsCa;
        if (named is not null)
        {
            return Path.GetFullPath(named);
        }
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".datalocal", FileName);
        return File.Exists(home) ? home : null;
    }

    /// <summary>The CA the user named (--tls-ca or the environment), or null.</summary>
    public static string? Given(ParseResult parse)
    {
        var named = parse.GetValue(GlobalOptions.TlsCa) ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(named) ? null : Path.GetFullPath(named);
    }
}
