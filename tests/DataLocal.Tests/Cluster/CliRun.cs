using DataLocal.Cli;
using DataLocal.Testing;

namespace DataLocal.Tests.Cluster;

/// <summary>Runs the `datalocal` CLI in-process against a test cluster and captures what it printed.</summary>
public static class CliRun
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(InProcessCluster cluster, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, .. cluster.CliConnection], new CliConsole(output, error));
        return (code, output.ToString(), error.ToString());
    }
}
