using System.CommandLine;
using DataLocal.Cli.Globbing;
using DataLocal.Client;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `datalocal fs getmerge [-nl] [--skip-empty-file] SRC... LOCALDST`, as `hdfs dfs -getmerge`: the
/// files named (a directory gives the files directly in it, in name order) concatenated into one local
/// file, which appears only once complete.
/// </summary>
public static class FsGetmergeCommand
{
    public static Command Build(CliConsole console)
    {
        var paths = new Argument<string[]>("SRC... LOCALDST")
        {
            Description = "Files, directories or globs in the cluster, then the local file to write (replaced if it exists)",
            Arity = new ArgumentArity(2, 100_000),
        };
        var newline = new Option<bool>("-nl") { Description = "Add a newline after each file" };
        var skipEmpty = new Option<bool>("--skip-empty-file") { Description = "Leave out empty files (and their newline)" };
        var command = new Command("getmerge", "Concatenate files from the cluster into one local file") { paths, newline, skipEmpty };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var all = parse.GetValue(paths)!;
            var local = all[^1];
            if (Directory.Exists(local))
            {
                throw new UsageException($"{local}: is a directory; getmerge writes one local file");
            }
            using var client = NameNodeResolver.Connect(parse);
            var files = new List<(string Path, long Length)>();
            foreach (var source in await PathGlob.ExpandAllAsync(client, all[..^1], "getmerge", ct).ConfigureAwait(false))
            {
                files.AddRange((await ClusterFiles.UnderAsync(client, source, recursive: false, "getmerge", ct).ConfigureAwait(false))
                    .OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => (f.Path, f.Length)));
            }
            var temp = local + $".datalocal-{Guid.NewGuid():N}.tmp";
            try
            {
                var output = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                await using (output.ConfigureAwait(false))
                {
                    foreach (var (path, length) in files.Where(f => f.Length > 0 || !parse.GetValue(skipEmpty)))
                    {
                        await client.ReadToAsync(path, output, ct).ConfigureAwait(false);
                        if (parse.GetValue(newline))
                        {
                            output.WriteByte((byte)'\n');
                        }
                    }
                }
                File.Move(temp, local, overwrite: true);
            }
            catch (DirectoryNotFoundException ex)
            {
                throw new DataLocalException($"{local}: the local directory does not exist", ex);
            }
            finally
            {
                File.Delete(temp);
            }
            return CliApp.Ok;
        }));
        return command;
    }
}
