using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using DataLocal.Client.Jobs;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.WebHdfs;
using DataLocal.Testing;

namespace DataLocal.Tests.Library;

/// <summary>
/// The README's library examples, as written: each ```csharp block of "Using the library" is compiled by the
/// SDK's own C# compiler (with a console project's implicit usings) against the libraries these tests run on,
/// then run with the arguments the README names, against an in-process cluster.
/// </summary>
public sealed partial class ReadmeExampleTests
{
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    [Fact]
    public async Task ReadmeLibraryExamples_CompileAndRunAgainstACluster()
    {
        var blocks = LibraryExamples();
        Assert.NotEmpty(blocks);
        await using var cluster = await InProcessCluster.StartAsync(datanodes: 2, replication: 2);
        var work = Files.TempDirectory();
        var tokenFile = Path.Combine(work, "token");
        await File.WriteAllTextAsync(tokenFile, cluster.AdminToken);
        string[] args = [cluster.NameNodeAddress, tokenFile, TestData.Parquet("lineitem-top10000.gzip.parquet")];

        for (var i = 0; i < blocks.Count; i++)
        {
            var assembly = await CompileAsync(blocks[i], Path.Combine(work, $"example{i}"));
            // Top-level code with await compiles to an async <Main>$ behind a blocking entry point; the async one is awaited,
            // off the test's synchronization context, as a console program runs it.
            var main = assembly.EntryPoint!.DeclaringType!.GetMethod("<Main>$", BindingFlags.NonPublic | BindingFlags.Static)!;
            await Task.Run(() => (Task)main.Invoke(null, [args])!).WaitAsync(TimeSpan.FromMinutes(1));
        }

        // What the first example does, seen from outside it.
        using var client = cluster.CreateClient();
        var stored = await client.StatAsync("/data/lineitem.parquet");
        Assert.Equal(new FileInfo(args[2]).Length, stored!.Length);
        var jobs = await client.Jobs.ListAsync();
        Assert.Contains(jobs, j => j.JobState == JobState.Succeeded && j.Sql.Contains("/data/lineitem.parquet", StringComparison.Ordinal));
    }

    /// <summary>The ```csharp blocks of the README's "Using the library" section.</summary>
    private static List<string> LibraryExamples()
    {
        var readme = File.ReadAllText(Path.Combine(Directory.GetParent(TestData.Root)!.FullName, "README.md"));
        var start = readme.IndexOf("\n## Using the library", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"Using the library\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        return [.. CSharpBlock().Matches(section).Select(m => m.Groups[1].Value)];
    }

    // The SDK's csc, given every assembly this test process runs on (DataLocal.Client among them) as a reference.
    private static async Task<Assembly> CompileAsync(string source, string directory)
    {
        Directory.CreateDirectory(directory);
        var program = Path.Combine(directory, "Program.cs");
        await File.WriteAllTextAsync(program, string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n")) + source);
        // Named after its directory: each example is a separate assembly in this one process.
        var output = Path.Combine(directory, Path.GetFileName(directory) + "-" + Guid.NewGuid().ToString("N")[..8] + ".dll");
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase));
        var response = Path.Combine(directory, "csc.rsp");
        await File.WriteAllLinesAsync(response,
            ["-nologo", "-target:exe", "-nullable:enable", "-langversion:latest", "-warnaserror+", $"-out:\"{output}\"",
             .. references.Select(r => $"-r:\"{r}\""), $"\"{program}\""]);
        var compile = await ExternalTool.RunAsync("dotnet", [Compiler(), $"@{response}"], directory, timeout: TimeSpan.FromMinutes(1));
        Assert.True(compile.Code == 0, $"the README example does not compile:\n{compile.Output}{compile.Error}");
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(output);
    }

    // csc.dll of the newest SDK beside the runtime these tests run on.
    private static string Compiler()
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var compiler = Directory.GetDirectories(Path.Combine(root, "sdk"))
            .Select(sdk => Path.Combine(sdk, "Roslyn", "bincore", "csc.dll"))
            .Where(File.Exists)
            .OrderByDescending(path => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path)))), out var v) ? v : new Version())
            .FirstOrDefault();
        Assert.True(compiler is not null, $"no SDK with Roslyn/bincore/csc.dll under {root}/sdk");
        return compiler;
    }

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
