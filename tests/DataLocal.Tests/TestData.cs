namespace DataLocal.Tests;

/// <summary>Locates the shared test corpus (<c>testdata/</c> at the repository root) from the test binaries.</summary>
public static class TestData
{
    /// <summary>The <c>testdata</c> directory, found by walking up from the test assembly's directory.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A valid file in <c>testdata/parquet/</c>.</summary>
    public static string Parquet(string name) => Path.Combine(Root, "parquet", name);

    /// <summary>A valid file Parquet.Net cannot decode, in <c>testdata/unsupported-parquet/</c>.</summary>
    public static string UnsupportedParquet(string name) => Path.Combine(Root, "unsupported-parquet", name);

    /// <summary>A malformed file in <c>testdata/bad-parquet/</c>; <paramref name="name"/> may start with <c>extra/</c>.</summary>
    public static string BadParquet(string name) => Path.Combine(Root, "bad-parquet", name);

    /// <summary>The data rows (header skipped) of a TSV file under <see cref="Root"/>, split into fields.</summary>
    public static IReadOnlyList<string[]> Tsv(string relativePath) =>
        File.ReadLines(Path.Combine(Root, relativePath))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .ToArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "testdata");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException($"no testdata/ directory above {AppContext.BaseDirectory}");
    }
}
