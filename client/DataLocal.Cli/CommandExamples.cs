using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DataLocal.Cli;

/// <summary>
/// An example for every command, printed at the end of its --help. Kept in one table (rather than in
/// each description) so the subcommand lists in help stay one line per command, and so a test can
/// check that no command lacks one.
/// </summary>
public static class CommandExamples
{
    public static readonly IReadOnlyDictionary<string, string[]> ByCommand = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] = ["datalocal cluster start", "datalocal fs put lineitem.parquet /data/", "datalocal job submit --wait \"SELECT count(*) FROM /data\""],
        ["namenode"] = ["datalocal namenode --dir /var/lib/datalocal/namenode --port 8020 --http-port 9870"],
        ["datanode"] = ["datalocal datanode --namenode http://nn1:8020 --dir /var/lib/datalocal/dn --cluster-secret-file /etc/datalocal/cluster-secret"],
        ["fs"] = ["datalocal fs ls -h /data", "datalocal fs du -s -h /data"],
        ["fs put"] = ["datalocal fs put part-*.parquet /data/", "datalocal fs put -r 3 ./exports /data/exports", "gzip -dc log.gz | datalocal fs put - /logs/today.log"],
        ["fs get"] = ["datalocal fs get /data/part-0.parquet .", "datalocal fs get '/data/part-*.parquet' /tmp/parts/"],
        ["fs cat"] = ["datalocal fs cat /logs/today.log | grep ERROR"],
        ["fs ls"] = ["datalocal fs ls -h /data", "datalocal fs ls '/data/part-*.parquet'"],
        ["fs mkdir"] = ["datalocal fs mkdir -p /data/2024/01"],
        ["fs rm"] = ["datalocal fs rm -r /tmp/old", "datalocal fs rm '/data/part-0[0-4].parquet'"],
        ["fs mv"] = ["datalocal fs mv /staging/part-0.parquet /data/", "datalocal fs mv '/staging/*.parquet' /data/"],
        ["fs stat"] = ["datalocal fs stat /data/part-0.parquet"],
        ["fs chmod"] = ["datalocal fs chmod -R go-w /data", "datalocal fs chmod 640 /data/secret.parquet"],
        ["fs chown"] = ["datalocal fs chown -R alice:analysts /data/sales"],
        ["fs chgrp"] = ["datalocal fs chgrp analysts /data/sales.parquet"],
        ["fs blocks"] = ["datalocal fs blocks /data/part-0.parquet"],
        ["fs fsck"] = ["datalocal fs fsck /data", "datalocal fs fsck /data --recover"],
        ["fs du"] = ["datalocal fs du -h /data", "datalocal fs du -s '/data/2024-*'"],
        ["fs df"] = ["datalocal fs df -h"],
        ["fs count"] = ["datalocal fs count -q -h /data"],
        ["fs head"] = ["datalocal fs head /logs/today.log"],
        ["fs tail"] = ["datalocal fs tail /logs/today.log"],
        ["fs setrep"] = ["datalocal fs setrep -w 3 /data/hot.parquet"],
        ["fs cp"] = ["datalocal fs cp /data/part-0.parquet /backup/", "datalocal fs cp -f '/data/*.parquet' /backup/"],
        ["fs touchz"] = ["datalocal fs touchz /data/_READY"],
        ["fs getmerge"] = ["datalocal fs getmerge -nl '/logs/2024-01-*' all.log"],
        ["fs test"] = ["datalocal fs test -d /data && echo 'it is a directory'"],
        ["job"] = ["datalocal job submit --wait \"SELECT count(*) FROM /data\"", "datalocal job list"],
        ["job submit"] = ["datalocal job submit --wait \"SELECT l_returnflag, count(*) FROM /data/lineitem GROUP BY l_returnflag\""],
        ["job status"] = ["datalocal job status job_20261203101500_a1b2c3 --watch"],
        ["job tasks"] = ["datalocal job tasks job_20261203101500_a1b2c3"],
        ["job list"] = ["datalocal job list --json"],
        ["job kill"] = ["datalocal job kill job_20261203101500_a1b2c3"],
        ["admin"] = ["datalocal admin report"],
        ["admin report"] = ["datalocal admin report"],
        ["admin user"] = ["datalocal admin user add alice --groups analysts", "datalocal admin user list"],
        ["admin user add"] = ["datalocal admin user add alice --groups analysts,staff"],
        ["admin user list"] = ["datalocal admin user list"],
        ["admin user remove"] = ["datalocal admin user remove alice"],
        ["admin safemode"] = ["datalocal admin safemode get", "datalocal admin safemode wait"],
        ["admin decommission"] = ["datalocal admin decommission http://10.0.0.12:9866"],
        ["admin recommission"] = ["datalocal admin recommission http://10.0.0.12:9866"],
        ["cluster"] = ["datalocal cluster start --datanodes 3", "datalocal cluster stop"],
        ["cluster start"] = ["datalocal cluster start --datanodes 3 --replication 2 --block-size 64MB"],
        ["cluster status"] = ["datalocal cluster status"],
        ["cluster stop"] = ["datalocal cluster stop"],
    };

    /// <summary>Every command in the tree with its path as typed after `datalocal` ("" for the root).</summary>
    public static IEnumerable<(string Path, Command Command)> Walk(Command command, string path = "")
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
        {
            foreach (var inner in Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}"))
            {
                yield return inner;
            }
        }
    }

    public static bool IsHelp(CommandLineAction? action) => action is HelpAction or WithExamples;

    /// <summary>Makes --help print the command's examples after System.CommandLine's own text.</summary>
    public static void AddToHelp(RootCommand root)
    {
        var paths = Walk(root).ToDictionary(c => c.Command, c => c.Path);
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            if (option.Action is HelpAction help)
            {
                option.Action = new WithExamples(help, paths);
            }
        }
    }

    private sealed class WithExamples(HelpAction help, IReadOnlyDictionary<Command, string> paths) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = help.Invoke(parseResult);
            if (paths.TryGetValue(parseResult.CommandResult.Command, out var path) && ByCommand.TryGetValue(path, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(examples.Length == 1 ? "Example:" : "Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine($"  {example}");
                }
            }
            return code;
        }
    }
}
