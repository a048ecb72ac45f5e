using LiteDB;

namespace DataLocal.NameNode.Persistence;

/// <summary>
/// A user as the namenode keeps them: never the token itself, only its id (to find the record) and a
/// salted HMAC-SHA256 of it. Tokens carry 256 random bits, so a fast hash is as strong as a slow one:
/// there is no dictionary to try.
/// </summary>
public sealed class UserRecord
{
    [BsonId]
    public string Name { get; set; } = string.Empty;

    public bool Admin { get; set; }

    /// <summary>The public part of the token, naming which record to check it against.</summary>
    public string TokenId { get; set; } = string.Empty;

    public byte[] Salt { get; set; } = [];

    public byte[] TokenHash { get; set; } = [];

    public DateTime CreatedUtc { get; set; }

    /// <summary>The groups the user is a member of for file permissions (`admin user add --groups`); empty in older records.</summary>
    public List<string> Groups { get; set; } = [];
}
