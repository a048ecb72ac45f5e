using System.Text.Json;
using DataLocal.Common.Security;
using DataLocal.Tests.Cluster;
using DataLocal.Testing;

namespace DataLocal.Tests.EndToEnd;

/// <summary>`cluster start --tls` with real processes: commands run beside it need no flag, every file it made is owner-only, plaintext is refused.</summary>
public sealed class TlsEndToEndTests
{
    [SkippableFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task ClusterStartTls_PutGetJob_WorkWithoutFlags_PlaintextAndStrangersRefused()
    {
        Skip.If(OperatingSystem.IsWindows(), "POSIX permissions");
        var work = Files.TempDirectory();
        var start = await DataLocalProcess.RunAsync(work, "cluster", "start", "--tls", "--datanodes", "2", "--replication", "2", "--block-size", "4KB");
        Assert.True(start.ExitCode == 0, start.Error);
        try
        {
            var tls = Path.Combine(work, ".datalocal", "tls");
            Assert.Equal(["ca.key", "ca.pem", "datanode-1.key", "datanode-1.pem", "datanode-2.key", "datanode-2.pem", "namenode.key", "namenode.pem"],
                Directory.GetFiles(tls).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.All(Directory.GetFiles(tls), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
            using var cluster = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, ".datalocal", "cluster.json")));
            var nameNodeHttp = cluster.RootElement.GetProperty("NameNodeHttp").GetString()!;
            Assert.StartsWith("https://", cluster.RootElement.GetProperty("NameNode").GetString(), StringComparison.Ordinal);

            var put = await DataLocalProcess.RunAsync(work, "fs", "put", TestData.Parquet("file_row_number.parquet"), "/seq.parquet");
            Assert.True(put.ExitCode == 0, put.Error);
            var get = await DataLocalProcess.RunAsync(work, "fs", "get", "/seq.parquet", Path.Combine(work, "copy.parquet"));
            Assert.True(get.ExitCode == 0, get.Error);
            Assert.Equal(Files.Sha256(TestData.Parquet("file_row_number.parquet")), Files.Sha256(Path.Combine(work, "copy.parquet")));
            var ls = await DataLocalProcess.RunAsync(work, "fs", "ls", "/");
            Assert.Contains("/seq.parquet", ls.Output, StringComparison.Ordinal);

            // The answer CliEndToEndTests checks for the same query over the same file.
            var job = await DataLocalProcess.RunAsync(work, "job", "submit", "--wait", "--timeout", "2m", "SELECT count(*), sum(seq) FROM /seq.parquet WHERE seq % 7 = 0");
            Assert.True(job.ExitCode == 0, job.Error);
            Assert.Matches(@"1429\s+7142142", job.Output);

            using var plain = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync("http://" + nameNodeHttp["https://".Length..] + "/healthz"));

            var strangerDirectory = Files.TempDirectory();
            using (var stranger = LocalCertificateAuthority.Create("Stranger CA"))
            {
                stranger.WriteTo(Path.Combine(strangerDirectory, "ca.pem"), Path.Combine(strangerDirectory, "ca.key"));
            }
            var refused = await DataLocalProcess.RunAsync(work, "--tls-ca", Path.Combine(strangerDirectory, "ca.pem"), "fs", "ls", "/");
            Assert.Equal(1, refused.ExitCode);
            var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("datalocal: TLS: the certificate of 127.0.0.1 (CN=DataLocal namenode) was issued by CN=DataLocal cluster CA", line, StringComparison.Ordinal);
        }
        finally
        {
            await DataLocalProcess.RunAsync(work, "cluster", "stop");
        }
    }
}
