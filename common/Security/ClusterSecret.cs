namespace DataLocal.Common.Security;

/// <summary>
/// The secret every datanode and the namenode share: it is how they know each other, and it lets its
/// holder do anything, so it is read from an owner-only file and never printed (ToString hides it).
/// </summary>
public sealed class ClusterSecret(string value)
{
    /// <summary>How a cluster secret starts, so a leaked one is recognisable.</summary>
    public const string Prefix = "dlc_";

    public string Value { get; } = value;

    public bool Matches(string presented) => Credentials.SecretEquals(presented, Value);

    public static ClusterSecret ReadFrom(string path) => new(SecretFile.Read(path));

    public override string ToString() => "ClusterSecret(hidden)";
}
