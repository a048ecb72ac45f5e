using System.CommandLine;

namespace DataLocal.Cli.Commands;

/// <summary>Options every command accepts.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> NameNode = new("--namenode")
    {
        Description = "Namenode address (else $DATALOCAL_NAMENODE, the local cluster in ./.datalocal, the settings file)",
        Recursive = true,
    };

    public static readonly Option<string?> TokenFile = new("--token-file")
    {
        Description = "File holding your token, owner-only (else $DATALOCAL_TOKEN, $DATALOCAL_TOKEN_FILE, ./.datalocal/token, the settings file, ~/.datalocal/token)",
        Recursive = true,
    };

    public static readonly Option<string?> TlsCa = new("--tls-ca")
    {
        Description = "PEM file with the cluster CA, for a cluster running TLS (else $DATALOCAL_TLS_CA, the local cluster's, the settings file, ~/.datalocal/ca.pem)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as JSON",
        Recursive = true,
    };
}
