namespace DataLocal.Tests.Security;

/// <summary>
/// The random part of an issued secret, to search files and output for: after "dlc_" (the cluster secret) or
/// "dlu_ID_" (a user token). Not "after the last '_'": the random part is base64url and may hold '_' itself, so
/// that could leave a character or two, found by chance in any binary file (tests failed now and then for it).
/// </summary>
internal static class SecretRandomPart
{
    public static string Of(string secret) =>
        secret.StartsWith("dlu_", StringComparison.Ordinal) ? secret[(secret.IndexOf('_', 4) + 1)..] : secret[(secret.IndexOf('_') + 1)..];
}
