using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace DataLocal.Common.Parquet;

/// <summary>
/// The name a Parquet footer goes by between the namenode and the executors: the SHA-256 of its bytes. An
/// executor holding a footer of that digest gets its file's tasks without the footer (see PullTaskRequest).
/// </summary>
public static class FooterDigest
{
    // Every task of a file shares its layout's one footer array: hashed once per array, not once per task.
    private static readonly ConditionalWeakTable<byte[], byte[]> Computed = [];

    public static byte[] Of(byte[] footer)
    {
        ArgumentNullException.ThrowIfNull(footer);
        return Computed.GetValue(footer, SHA256.HashData);
    }
}
