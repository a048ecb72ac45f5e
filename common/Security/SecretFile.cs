using System.Security.Cryptography;

namespace DataLocal.Common.Security;

/// <summary>
/// A secret (a user's token or the cluster secret) kept in a file only its owner may read, as ssh keeps
/// its keys: written with mode 0600 from the first byte, and refused when group or others can read it,
/// since then anyone on the machine could act as its owner.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OthersMayRead = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>A new random secret: 32 bytes (256 bits) of a cryptographic generator, base64url, behind <paramref name="prefix"/> so a leaked one is recognisable.</summary>
    public static string NewSecret(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Writes <paramref name="secret"/> to a new owner-only file; never replaces an existing one.</summary>
    public static void Create(string path, string secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600: a chmod after writing would leave a moment when others could read it.
            options.UnixCreateMode = OwnerOnly;
        }
        using var writer = new StreamWriter(path, options);
        writer.Write(secret + "\n");
    }

    /// <summary>The secret in <paramref name="path"/>, creating the file with a new one (see <see cref="NewSecret"/>) when there is none.</summary>
    public static string ReadOrCreate(string path, string prefix)
    {
        if (!File.Exists(path))
        {
            try
            {
                Create(path, NewSecret(prefix));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first; use theirs.
            }
        }
        return Read(path);
    }

    /// <summary>The secret in <paramref name="path"/>; throws <see cref="SecretFileException"/> when it is missing, empty or readable by others.</summary>
    public static string Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SecretFileException($"secret file {path} does not exist");
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & OthersMayRead) != 0)
            {
                throw new SecretFileException(
                    $"secret file {path} is accessible by others (mode {Convert.ToString((int)mode & 0x1FF, 8)}); run `chmod 600 {path}`");
            }
        }
        var secret = File.ReadAllText(path).Trim();
        return secret.Length > 0 ? secret : throw new SecretFileException($"secret file {path} is empty");
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
