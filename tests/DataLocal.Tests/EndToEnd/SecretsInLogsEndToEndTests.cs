using System.Net.Http.Headers;
using System.Text;
using DataLocal.Cli.Cluster;
using DataLocal.Common.Security;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Security;

namespace DataLocal.Tests.EndToEnd;

/// <summary>
/// A real local cluster run with refused and failed commands: no token or secret it issued appears in
/// any log, error, page or file it wrote (other than the owner-only secret files themselves and the
/// one `user add` that shows a new token), and the namenode's audit log says who did what.
/// </summary>
public sealed class SecretsInLogsEndToEndTests
{
    [Fact]
    public async Task RunWithFailures_NoIssuedSecretInLogsErrorsPagesOrFiles_AndAuditLogNamesWhoDidWhat()
    {
        var work = Files.TempDirectory();
        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--datanodes", "2", "--replication", "2", "--block-size", "64KB");
        Assert.True(start.ExitCode == 0, start.Error);
        var clusterDir = Path.Combine(work, ClusterFile.DefaultDirectory);
        var secrets = ClusterSecrets.In(clusterDir);
        var seen = new StringBuilder(start.Output + start.Error);
        string eveToken;
        try
        {
            var add = await DataLocalProcess.RunAsync(work, "admin", "user", "add", "eve");
            Assert.True(add.ExitCode == 0, add.Error);
            eveToken = add.Output.Trim();
            seen.Append(add.Error); // its output is the token, shown once on purpose
            var eveFile = Path.Combine(Files.TempDirectory(), "eve-token");
            SecretFile.Create(eveFile, eveToken);
            var wrongFile = Path.Combine(Files.TempDirectory(), "wrong-token");
            SecretFile.Create(wrongFile, eveToken[..^4] + "AAAA");

            var runs = new[]
            {
                await DataLocalProcess.RunAsync(work, "fs", "mkdir", "/eve"),
                await DataLocalProcess.RunAsync(work, "fs", "chown", "eve", "/eve"),
                await DataLocalProcess.RunAsync(work, "fs", "put", TestData.Parquet("sort_columns.parquet"), "/eve/a.parquet", "--token-file", eveFile),
                await DataLocalProcess.RunAsync(work, "fs", "mkdir", "/not-eve", "--token-file", eveFile),
                await DataLocalProcess.RunAsync(work, "admin", "user", "list", "--token-file", eveFile),
                await DataLocalProcess.RunAsync(work, "admin", "safemode", "enter", "--token-file", eveFile),
                await DataLocalProcess.RunAsync(work, "fs", "rm", "/no/such/file", "--token-file", eveFile),
                await DataLocalProcess.RunAsync(work, "job", "submit", "--wait", "SELECT nosuch FROM /eve/a.parquet", "--token-file", eveFile),
                await DataLocalProcess.RunAsync(work, "fs", "ls", "/", "--token-file", wrongFile),
                await DataLocalProcess.RunAsync(work, "admin", "user", "list"),
                await DataLocalProcess.RunAsync(work, "cluster", "status"),
            };
            Assert.Equal([0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0], runs.Select(r => r.ExitCode));
            foreach (var run in runs)
            {
                seen.Append(run.Output).Append(run.Error);
            }

            var http = ClusterFile.TryRead(clusterDir)!.NameNodeHttp!;
            using var anonymous = new HttpClient();
            using var admin = new HttpClient();
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secrets.ReadToken());
            seen.Append(await (await anonymous.GetAsync(http + "/")).Content.ReadAsStringAsync());
            seen.Append(await admin.GetStringAsync(http + "/"));
            seen.Append(await admin.GetStringAsync(http + "/metrics"));
        }
        finally
        {
            var stop = await DataLocalProcess.RunAsync(work, "cluster", "stop");
            Assert.True(stop.ExitCode == 0, stop.Error);
        }

        var issued = new[] { SecretFile.Read(secrets.SecretFile), secrets.ReadToken(), eveToken };
        var secretFiles = new[] { Path.GetFullPath(secrets.SecretFile), Path.GetFullPath(secrets.TokenFile) };
        var written = Directory.EnumerateFiles(clusterDir, "*", SearchOption.AllDirectories).Where(f => !secretFiles.Contains(Path.GetFullPath(f))).ToList();
        Assert.Contains(written, f => f.EndsWith("namenode.log", StringComparison.Ordinal));
        foreach (var secret in issued)
        {
            var random = SecretRandomPart.Of(secret);
            Assert.DoesNotContain(random, seen.ToString(), StringComparison.Ordinal);
            foreach (var file in written)
            {
                var bytes = File.ReadAllBytes(file);
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(random)) < 0, $"{file} holds an issued secret");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(random)) < 0, $"{file} holds an issued secret (UTF-16)");
            }
        }

        // `cluster start` gives the audit log a file of its own, as HDFS's hdfs-audit.log; its lines leave namenode.log.
        var audit = File.ReadAllLines(Path.Combine(clusterDir, "namenode", "audit.log")).Where(l => l.Contains("allowed=", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(clusterDir, "namenode", "namenode.log")), l => l.Contains("allowed=", StringComparison.Ordinal));
        AssertAudited(audit, "allowed=true ugi=eve ", "cmd=CreateFile src=/eve/a.parquet");
        AssertAudited(audit, "allowed=false ugi=eve ", "cmd=ListUsers");
        AssertAudited(audit, "allowed=false ugi=eve ", "cmd=Mkdirs src=/not-eve");
        AssertAudited(audit, "allowed=false ugi=eve ", "cmd=SafeMode");
        AssertAudited(audit, "allowed=false ugi=(unauthenticated) ", "cmd=ListStatus src=/");
        AssertAudited(audit, "allowed=true ugi=admin ", "cmd=AddUser src=eve");
        Assert.DoesNotContain(audit, l => l.Contains("cmd=Heartbeat", StringComparison.Ordinal));
    }

    private static void AssertAudited(List<string> audit, string who, string what) =>
        Assert.True(audit.Any(l => l.Contains(who, StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal)),
            $"no audit line with '{who}' and '{what}' among:\n{string.Join('\n', audit)}");
}
