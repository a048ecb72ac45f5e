using DataLocal.Common.Security;
using DataLocal.NameNode.Security;

namespace DataLocal.Cli.Cluster;

/// <summary>
/// The secrets of a local cluster, in its directory with owner-only permissions: the cluster secret
/// the namenode and datanodes share, and the first admin's token, which the namenode adopts on its
/// first start and the CLI reads (./.datalocal/token is where it looks by default). Kept across
/// restarts: a restarted namenode still knows that admin.
/// </summary>
public sealed record ClusterSecrets(string SecretFile, string TokenFile)
{
    public const string SecretFileName = "cluster-secret";

    /// <summary>The flags that give a namenode these secrets.</summary>
    public string[] NameNodeArguments => ["--cluster-secret-file", SecretFile, "--admin-token-file", TokenFile];

    /// <summary>The flags that give a datanode the cluster secret.</summary>
    public string[] DataNodeArguments => ["--cluster-secret-file", SecretFile];

    /// <summary>The admin's token.</summary>
    public string ReadToken() => Common.Security.SecretFile.Read(TokenFile);

    public static ClusterSecrets In(string directory) =>
        new(Path.Combine(directory, SecretFileName), Path.Combine(directory, Commands.TokenResolver.FileName));

    /// <summary>Creates whichever of the two files is missing.</summary>
    public static ClusterSecrets Ensure(string directory)
    {
        var secrets = In(directory);
        if (!File.Exists(secrets.SecretFile))
        {
            Common.Security.SecretFile.Create(secrets.SecretFile, Common.Security.SecretFile.NewSecret(ClusterSecret.Prefix));
        }
        if (!File.Exists(secrets.TokenFile))
        {
            Common.Security.SecretFile.Create(secrets.TokenFile, UserToken.Create());
        }
        return secrets;
    }
}
