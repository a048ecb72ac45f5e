using System.Text;

namespace DataLocal.Common.Security;

/// <summary>What a permission check asks for, as POSIX's r, w and x bits of one class (owner, group or other).</summary>
[Flags]
public enum FsAction
{
    None = 0,
    Execute = 1,
    Write = 2,
    Read = 4,
    ReadExecute = Read | Execute,
    WriteExecute = Write | Execute,
    All = Read | Write | Execute,
}

/// <summary>
/// POSIX permission bits of files and directories (rwx for owner, group and others, 0 to 0777): their
/// `ls` text, and a `chmod` mode (octal like 750, or symbolic like u+w,go-r) applied to a current mode.
/// Shared by the namenode, which applies modes, and the CLI, which shows them.
/// </summary>
public static class PermissionBits
{
    public const int DefaultUmask = 0b000_010_010; // 022: new files 644, new directories 755, as HDFS's default

    public const int NewFile = 0b110_110_110 & ~DefaultUmask;

    public const int NewDirectory = 0b111_111_111 & ~DefaultUmask;

    /// <summary>The ten characters `ls -l` shows, e.g. drwxr-xr-x.</summary>
    public static string Text(bool isDirectory, int mode)
    {
        var text = new StringBuilder(10).Append(isDirectory ? 'd' : '-');
        for (var shift = 6; shift >= 0; shift -= 3)
        {
            var bits = (mode >> shift) & 7;
            text.Append((bits & 4) != 0 ? 'r' : '-').Append((bits & 2) != 0 ? 'w' : '-').Append((bits & 1) != 0 ? 'x' : '-');
        }
        return text.ToString();
    }

    /// <summary>The mode as three octal digits, e.g. 755.</summary>
    public static string Octal(int mode) => Convert.ToString(mode & 0x1FF, 8).PadLeft(3, '0');

    /// <summary>HDFS's name for an access in a refusal: READ, WRITE, EXECUTE, READ_EXECUTE, WRITE_EXECUTE or ALL.</summary>
    public static string Name(FsAction action) => action switch
    {
        FsAction.Read => "READ",
        FsAction.Write => "WRITE",
        FsAction.Execute => "EXECUTE",
        FsAction.ReadExecute => "READ_EXECUTE",
        FsAction.WriteExecute => "WRITE_EXECUTE",
        FsAction.All => "ALL",
        FsAction.Read | FsAction.Write => "READ_WRITE",
        _ => "NONE",
    };

    /// <summary>Throws <see cref="InvalidModeException"/> unless <paramref name="spec"/> is a mode `chmod` accepts.</summary>
    public static void Validate(string spec) => Apply(spec, 0, isDirectory: false);

    /// <summary>
    /// The mode <paramref name="spec"/> gives an inode whose mode is <paramref name="current"/>: octal
    /// (1 to 3 digits, or 4 with a leading 0) replaces it; symbolic clauses ([ugoa]*[+-=][rwxX]*, comma
    /// separated) change it, X meaning x for directories or when some class already has x.
    /// </summary>
    public static int Apply(string spec, int current, bool isDirectory)
    {
        if (spec.Length is > 0 and <= 4 && spec.All(c => c is >= '0' and <= '7'))
        {
            var mode = Convert.ToInt32(spec, 8);
            return mode <= 0x1FF ? mode : throw new InvalidModeException(spec, "the sticky, setuid and setgid bits are not supported; use 0 to 777");
        }
        var result = current & 0x1FF;
        foreach (var clause in spec.Split(','))
        {
            result = ApplyClause(spec, clause, result, isDirectory);
        }
        return result;
    }

    private static int ApplyClause(string spec, string clause, int mode, bool isDirectory)
    {
        var i = 0;
        var who = 0;
        for (; i < clause.Length && clause[i] is 'u' or 'g' or 'o' or 'a'; i++)
        {
            who |= clause[i] switch { 'u' => 0b111_000_000, 'g' => 0b000_111_000, 'o' => 0b000_000_111, _ => 0x1FF };
        }
        if (who == 0)
        {
            // No class named: all of them, as chmod does (HDFS does not mask symbolic modes with the umask either).
            who = 0x1FF;
        }
        if (i == clause.Length)
        {
            throw new InvalidModeException(spec, $"'{clause}' has no operator; use + - or =, as in u+w or go-r");
        }
        while (i < clause.Length)
        {
            var op = clause[i++];
            if (op is not ('+' or '-' or '='))
            {
                throw new InvalidModeException(spec, $"'{op}' in '{clause}' is not an operator; use + - or =");
            }
            var bits = 0;
            for (; i < clause.Length && clause[i] is 'r' or 'w' or 'x' or 'X'; i++)
            {
                bits |= clause[i] switch
                {
                    'r' => 0b100_100_100,
                    'w' => 0b010_010_010,
                    'x' => 0b001_001_001,
                    _ => isDirectory || (mode & 0b001_001_001) != 0 ? 0b001_001_001 : 0,
                };
            }
            if (i < clause.Length && clause[i] is not ('+' or '-' or '='))
            {
                throw new InvalidModeException(spec, $"'{clause[i]}' in '{clause}' is not a permission; use r, w, x or X");
            }
            bits &= who;
            mode = op switch
            {
                '+' => mode | bits,
                '-' => mode & ~bits,
                _ => (mode & ~who) | bits,
            };
        }
        return mode;
    }
}

/// <summary>A `chmod` mode that cannot be understood; the message says what is accepted.</summary>
public sealed class InvalidModeException(string spec, string reason)
    : Exception($"invalid mode '{spec}': {reason} (octal like 750, or symbolic like u+w,go-r)");
