using System.Security.Cryptography;

namespace DataLocal.Common.Security;

/// <summary>
/// The HMAC-SHA256 that makes a block token unforgeable without the key: computed by the namenode
/// over the token's serialized identifier, checked by datanodes in time that does not depend on
/// where a forged signature differs.
/// </summary>
public static class BlockTokenSignature
{
    public static byte[] Compute(ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> key) => HMACSHA256.HashData(key, identifier);

    public static bool Matches(ReadOnlySpan<byte> identifier, ReadOnlySpan<byte> key, ReadOnlySpan<byte> signature) =>
        CryptographicOperations.FixedTimeEquals(Compute(identifier, key), signature);
}
