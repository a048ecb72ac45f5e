namespace DataLocal.NameNode.Security;

/// <summary>
/// Who owns what nobody else does: the root directory, and every inode stored before files had owners.
/// As in HDFS, the superuser is the user that set the cluster up (here the first admin), and
/// "supergroup" the default group. Every admin bypasses permission checks, as HDFS's superusers do.
/// </summary>
public static class Superuser
{
    public const string Name = UserDirectory.FirstAdmin;

    public const string Group = "supergroup";
}
