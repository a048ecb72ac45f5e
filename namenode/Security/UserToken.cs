using System.Security.Cryptography;
using System.Text;
using DataLocal.Common.Security;

namespace DataLocal.NameNode.Security;

/// <summary>
/// A user's token, "dlu_ID_SECRET": ID (public, random) finds the user's record, and the whole token is
/// checked against the record's salted hash. Only the hash is ever stored.
/// </summary>
public static class UserToken
{
    private const string Prefix = "dlu_";

    /// <summary>A new token.</summary>
    public static string Create() => SecretFile.NewSecret($"{Prefix}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}_");

    /// <summary>What is stored of a token: its ID, a new random salt and the salted hash; null when it is not shaped as a token.</summary>
    public static (string TokenId, byte[] Salt, byte[] Hash)? Protect(string token)
    {
        if (IdOf(token) is not { } tokenId)
        {
            return null;
        }
        var salt = RandomNumberGenerator.GetBytes(16);
        return (tokenId, salt, Hash(token, salt));
    }

    /// <summary>The ID part of a token, or null when it is not shaped as one.</summary>
    public static string? IdOf(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var end = token.IndexOf('_', Prefix.Length);
        return end > Prefix.Length ? token[Prefix.Length..end] : null;
    }

    /// <summary>True when <paramref name="token"/> hashes to <paramref name="hash"/>; compared in constant time.</summary>
    public static bool Matches(string token, byte[] salt, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(token, salt), hash);

    public static byte[] Hash(string token, byte[] salt) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(token));
}
