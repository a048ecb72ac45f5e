using DataLocal.Cli.Cluster;
using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;
using DataLocal.Tests.EndToEnd;
using Xunit.Abstractions;

namespace DataLocal.Tests.FaultLoops;

/// <summary>
/// kill -9 of the namenode at random moments during a stream of puts, mkdirs and deletes, again and
/// again: every change acknowledged to the client survives, and nothing half-done is ever visible.
/// </summary>
public sealed class NameNodeKillLoopTests(ITestOutputHelper output)
{
    private const string Root = "/loop";

    [FaultLoopFact]
    public async Task NameNodeKilledRepeatedlyDuringChanges_EveryAcknowledgedChangeSurvives()
    {
        var work = Files.TempDirectory();
        var port = RoleProcess.FreePort();
        var address = $"http://127.0.0.1:{port}";
        var secrets = ClusterSecrets.Ensure(work);
        string[] namenodeArguments = ["namenode", "--dir", Path.Combine(work, "nn"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--http-port", "0", "--replication", "2", .. secrets.NameNodeArguments];
        var namenode = RoleProcess.Start(Path.Combine(work, "nn.log"), namenodeArguments);
        using var datanode1 = RoleProcess.Start(Path.Combine(work, "dn1.log"), ["datanode", "--namenode", address, "--dir", Path.Combine(work, "dn1"), "--port", "0", "--http-port", "0", .. secrets.DataNodeArguments]);
        using var datanode2 = RoleProcess.Start(Path.Combine(work, "dn2.log"), ["datanode", "--namenode", address, "--dir", Path.Combine(work, "dn2"), "--port", "0", "--http-port", "0", .. secrets.DataNodeArguments]);
        using var client = new DataLocalClient(address, new DataLocalClientOptions { Token = secrets.ReadToken() });
        var state = new AcknowledgedState();
        var random = new Random(7);
        try
        {
            await WaitUntilWritableAsync(client);
            await client.MkdirsAsync(Root, parents: true);
            var rounds = FaultLoopFactAttribute.Rounds(50);
            for (var round = 1; round <= rounds; round++)
            {
                using var stop = new CancellationTokenSource();
                var workload = RunWorkloadAsync(client, state, new Random(round), work, stop.Token);
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 3000)));
                namenode.KillHard();
                await stop.CancelAsync();
                await workload;
                namenode.Dispose();
                namenode = RoleProcess.Start(Path.Combine(work, $"nn-{round}.log"), namenodeArguments);
                await WaitUntilWritableAsync(client);

                var checkedFiles = await state.VerifyAsync(client, Root);
                output.WriteLine($"round {round}: {state.Summary}, {checkedFiles} files read back byte-exact");
            }
            Assert.True(state.AcknowledgedPuts > rounds, $"only {state.AcknowledgedPuts} puts were acknowledged over {rounds} rounds: the loop tested little");
        }
        finally
        {
            namenode.Dispose();
        }
    }

    private static async Task RunWorkloadAsync(DataLocalClient client, AcknowledgedState state, Random random, string work, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var choice = random.Next(4);
            try
            {
                if (choice <= 1 || !state.HasFiles)
                {
                    var (path, content) = state.NextFile(random);
                    var local = Path.Combine(work, "upload.bin");
                    await File.WriteAllBytesAsync(local, content, CancellationToken.None);
                    state.PutStarted(path, content);
                    await client.PutAsync(local, path, new PutOptions(), CancellationToken.None);
                    state.PutAcknowledged(path);
                }
                else if (choice == 2)
                {
                    var path = state.NextDirectory();
                    state.MkdirStarted(path);
                    await client.MkdirsAsync(path, parents: true, CancellationToken.None);
                    state.MkdirAcknowledged(path);
                }
                else
                {
                    var path = state.AnyFile(random);
                    state.DeleteStarted(path);
                    await client.DeleteAsync(path, recursive: false, CancellationToken.None);
                    state.DeleteAcknowledged(path);
                }
            }
            catch (Exception)
            {
                // The namenode is down: the change in flight may or may not have happened; the state
                // keeps it as unknown until the next verification finds out.
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private static async Task WaitUntilWritableAsync(DataLocalClient client) =>
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return !(await client.SafeModeAsync("get")).On && (await client.GetClusterReportAsync()).LiveCount == 2;
            }
            catch (DataLocalException)
            {
                return false;
            }
        }, "the namenode to be back, out of safe mode, with both datanodes", TimeSpan.FromSeconds(90));
}
