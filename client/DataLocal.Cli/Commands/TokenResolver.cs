using System.CommandLine;
using DataLocal.Cli.Cluster;
using DataLocal.Client;
using DataLocal.Common.Security;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Finds the user's token: $DATALOCAL_TOKEN, then the file named by --token-file or
/// $DATALOCAL_TOKEN_FILE, then the local cluster's (./.datalocal/token, written by `cluster start`),
/// then the settings file's token-file, then ~/.datalocal/token. A token file must be readable by its owner only, as ssh demands of keys.
/// </summary>
public static class TokenResolver
{
    public const string EnvironmentVariable = "DATALOCAL_TOKEN";
    public const string FileEnvironmentVariable = "DATALOCAL_TOKEN_FILE";
    public const string FileName = "token";

    /// <summary>The token, or null when none is set anywhere (calls then fail as unauthenticated, saying where to put one).</summary>
    public static string? Resolve(ParseResult parse)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }
        var named = parse.GetValue(GlobalOptions.TokenFile) ?? NonEmpty(Environment.GetEnvironmentVariable(FileEnvironmentVariable));
        if (named is not null)
        {
            return Read(named);
        }
        var local = Path.Combine(ClusterFile.DefaultDirectory, FileName);
        if (File.Exists(local))
        {
            return Read(local);
        }
        // Named in the settings file, it must be there: a missing one is a mistake to report, not to skip.
        if (SettingsFile.Load().TokenFile is { } configured)
        {
            return Read(configured);
        }
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".datalocal", FileName);
        return File.Exists(home) ? Read(home) : null;
    }

    private static string Read(string path)
    {
        try
        {
            return SecretFile.Read(path);
        }
        catch (SecretFileException ex)
        {
            throw new DataLocalException($"token: {ex.Message}", ex);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
