using Grpc.Core;

namespace DataLocal.Common.Security;

/// <summary>
/// How an executor's per-registration credential travels on its TaskExchange calls: a header beside
/// the cluster secret. The secret says "a cluster member"; this says which datanode (the namenode
/// issued it to that node when it registered), so a result is believed only from its own executor.
/// </summary>
public static class ExecutorCredential
{
    public const string Header = "datalocal-executor";

    /// <summary><paramref name="headers"/> with the credential added (unchanged when there is none yet).</summary>
    public static Metadata With(Metadata headers, string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            headers.Add(Header, token);
        }
        return headers;
    }

    /// <summary>The credential a call carried, or null.</summary>
    public static string? From(Metadata headers) => headers.GetValue(Header) is { Length: > 0 } token ? token : null;
}
