using System.Security.Cryptography;
using System.Text;

namespace DataLocal.NameNode.Persistence;

/// <summary>
/// The key an inode is stored under: the SHA-256 of its path's UTF-8 bytes, in lower-case hex.
/// Paths themselves cannot be LiteDB keys: index keys are capped near 1 KB, and string keys compare
/// under the database's collation (case-insensitive by default), so "/a" and "/A" would be one inode.
/// </summary>
public static class PathKey
{
    // Throws on lone surrogates instead of replacing them with U+FFFD, which would give two
    // different paths one key; the path rules refuse such paths before they get here.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string For(string path) => Convert.ToHexStringLower(SHA256.HashData(StrictUtf8.GetBytes(path)));
}
