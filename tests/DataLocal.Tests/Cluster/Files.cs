using System.Security.Cryptography;

namespace DataLocal.Tests.Cluster;

/// <summary>Local-file helpers for tests.</summary>
public static class Files
{
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A file of pseudo-random bytes (fixed seed, so failures reproduce).</summary>
    public static string Random(string directory, long length, int seed = 42)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"random-{length}-{seed}.bin");
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "datalocal-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }
}
