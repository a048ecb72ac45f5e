using System.Net;
using System.Text.Json;
using DataLocal.Client.Writing;

namespace DataLocal.Tests.WebHdfs;

/// <summary>
/// The namenode's WebHDFS operations answer as Apache Hadoop's do: operation names, parameters, JSON
/// shapes (FileStatus, FileStatuses, ContentSummary, BlockLocations, boolean), status codes and
/// RemoteException error bodies; with the same authentication, permission checks and audit log as gRPC.
/// </summary>
[Collection(WebHdfsClusterDefinition.Name)]
public sealed class WebHdfsNamespaceTests(WebHdfsClusterFixture fixture)
{
    private async Task<string> PutAsync(string path, byte[] bytes, int replication = 0, long blockSize = 0)
    {
        var local = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(local, bytes);
            using var client = fixture.Cluster.CreateClient();
            await client.PutAsync(local, path, new PutOptions(replication, blockSize, Overwrite: true));
            return path;
        }
        finally
        {
            File.Delete(local);
        }
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static void AssertRemoteException(JsonElement body, string exception, string javaClassName, string messagePart)
    {
        var error = body.GetProperty("RemoteException");
        Assert.Equal(exception, error.GetProperty("exception").GetString());
        Assert.Equal(javaClassName, error.GetProperty("javaClassName").GetString());
        Assert.Contains(messagePart, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFileStatus_File_AnswersHadoopsFileStatusObject()
    {
        var dir = WebHdfsClusterFixture.Unique("stat");
        await PutAsync(dir + "/a.bin", new byte[1234], replication: 2, blockSize: 1024 * 1024);
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);

        var status = (await JsonAsync(await http.GetAsync($"{fixture.Root}{dir}/a.bin?op=GETFILESTATUS"), HttpStatusCode.OK)).GetProperty("FileStatus");

        Assert.Equal("FILE", status.GetProperty("type").GetString());
        Assert.Equal(1234, status.GetProperty("length").GetInt64());
        Assert.Equal(2, status.GetProperty("replication").GetInt32());
        Assert.Equal(1024 * 1024, status.GetProperty("blockSize").GetInt64());
        Assert.Equal(string.Empty, status.GetProperty("pathSuffix").GetString());
        Assert.Equal("644", status.GetProperty("permission").GetString());
        Assert.Equal("admin", status.GetProperty("owner").GetString());
        Assert.True(status.GetProperty("modificationTime").GetInt64() > 1_600_000_000_000);
        Assert.True(status.TryGetProperty("group", out _));
        Assert.True(status.TryGetProperty("accessTime", out _));
    }

    [Fact]
    public async Task ListStatus_Directory_ListsChildrenByName_AFileListsItself()
    {
        var dir = WebHdfsClusterFixture.Unique("list");
        await PutAsync(dir + "/b.bin", [1, 2, 3]);
        using (var client = fixture.Cluster.CreateClient())
        {
            await client.MkdirsAsync(dir + "/sub", parents: true);
        }
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);

        var entries = (await JsonAsync(await http.GetAsync($"{fixture.Root}{dir}?op=LISTSTATUS"), HttpStatusCode.OK))
            .GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray()
            .ToDictionary(e => e.GetProperty("pathSuffix").GetString()!, e => e.GetProperty("type").GetString());
        var itself = (await JsonAsync(await http.GetAsync($"{fixture.Root}{dir}/b.bin?op=liststatus"), HttpStatusCode.OK))
            .GetProperty("FileStatuses").GetProperty("FileStatus").EnumerateArray().Single();

        Assert.Equal(new Dictionary<string, string?> { ["b.bin"] = "FILE", ["sub"] = "DIRECTORY" }, entries);
        Assert.Equal(string.Empty, itself.GetProperty("pathSuffix").GetString());
        Assert.Equal(3, itself.GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task GetFileStatus_MissingPath_Is404FileNotFoundRemoteException()
    {
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);

        var body = await JsonAsync(await http.GetAsync($"{fixture.Root}/no/such/file?op=GETFILESTATUS"), HttpStatusCode.NotFound);

        AssertRemoteException(body, "FileNotFoundException", "java.io.FileNotFoundException", "/no/such/file");
    }

    [Theory]
    [InlineData("GET", "NOSUCHOP")]
    [InlineData("GET", "")]
    [InlineData("PUT", "GETFILESTATUS")]
    [InlineData("DELETE", "MKDIRS")]
    public async Task UnknownOrMisdirectedOperation_Is400IllegalArgument(string method, string op)
    {
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);

        var body = await JsonAsync(await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"{fixture.Root}/?op={op}")), HttpStatusCode.BadRequest);

        AssertRemoteException(body, "IllegalArgumentException", "java.lang.IllegalArgumentException", "\"op\"");
    }

    [Fact]
    public async Task MalformedNumber_Is400IllegalArgument()
    {
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);

        var body = await JsonAsync(await http.GetAsync($"{fixture.Root}/x?op=OPEN&offset=ten"), HttpStatusCode.BadRequest);

        AssertRemoteException(body, "IllegalArgumentException", "java.lang.IllegalArgumentException", "offset");
    }

    [Fact]
    public async Task NoToken_Is401SecurityException_UserNameAloneGrantsNothing()
    {
        using var http = WebHdfsClusterFixture.Http(token: null);

        var none = await JsonAsync(await http.GetAsync($"{fixture.Root}/?op=LISTSTATUS"), HttpStatusCode.Unauthorized);
        var userName = await JsonAsync(await http.GetAsync($"{fixture.Root}/?op=LISTSTATUS&user.name=admin"), HttpStatusCode.Unauthorized);
        var wrong = await JsonAsync(await http.GetAsync($"{fixture.Root}/?op=LISTSTATUS&delegation=not-a-token"), HttpStatusCode.Unauthorized);

        AssertRemoteException(none, "SecurityException", "java.lang.SecurityException", "authentication required");
        AssertRemoteException(userName, "SecurityException", "java.lang.SecurityException", "user.name alone is not accepted");
        AssertRemoteException(wrong, "SecurityException", "java.lang.SecurityException", "not valid");
    }

    [Fact]
    public async Task DelegationParameter_AuthenticatesAsTheBearerHeaderDoes()
    {
        using var http = WebHdfsClusterFixture.Http(token: null);

        var response = await http.GetAsync($"{fixture.Root}/?op=GETFILESTATUS&delegation={Uri.EscapeDataString(fixture.Cluster.AdminToken)}");

        Assert.Equal("DIRECTORY", (await JsonAsync(response, HttpStatusCode.OK)).GetProperty("FileStatus").GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnotherUsersPrivateDirectory_Is403AccessControlException_ForListingReadingAndWriting()
    {
        var dir = WebHdfsClusterFixture.Unique("private");
        await PutAsync(dir + "/secret.bin", [42]);
        using (var admin = fixture.Cluster.CreateClient())
        {
            await admin.SetPermissionAsync(dir, "700");
        }
        var (name, token) = await fixture.AddUserAsync();
        using var http = WebHdfsClusterFixture.Http(token);

        var list = await JsonAsync(await http.GetAsync($"{fixture.Root}{dir}?op=LISTSTATUS"), HttpStatusCode.Forbidden);
        var open = await JsonAsync(await http.GetAsync($"{fixture.Root}{dir}/secret.bin?op=OPEN"), HttpStatusCode.Forbidden);
        var mkdir = await JsonAsync(await http.PutAsync($"{fixture.Root}{dir}/mine?op=MKDIRS", null), HttpStatusCode.Forbidden);
        var delete = await JsonAsync(await http.DeleteAsync($"{fixture.Root}{dir}?op=DELETE&recursive=true"), HttpStatusCode.Forbidden);

        foreach (var body in new[] { list, open, mkdir, delete })
        {
            AssertRemoteException(body, "AccessControlException", "org.apache.hadoop.security.AccessControlException", $"user={name}");
        }
        using var check = fixture.Cluster.CreateClient();
        Assert.NotNull(await check.StatAsync(dir + "/secret.bin"));
    }

    [Fact]
    public async Task Calls_AreInTheAuditLog_AllowedAndRefused()
    {
        var dir = WebHdfsClusterFixture.Unique("audit");
        using (var admin = fixture.Cluster.CreateClient())
        {
            await admin.MkdirsAsync(dir, parents: true);
            await admin.SetPermissionAsync(dir, "700");
        }
        var (name, token) = await fixture.AddUserAsync();
        using var adminHttp = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);
        using var userHttp = WebHdfsClusterFixture.Http(token);

        await adminHttp.GetAsync($"{fixture.Root}{dir}?op=LISTSTATUS");
        await userHttp.PutAsync($"{fixture.Root}{dir}/x?op=MKDIRS", null);

        var audit = fixture.Logs.Lines.Where(l => l.Contains("DataLocal.Audit", StringComparison.Ordinal)).ToList();
        Assert.Contains(audit, l => l.Contains("allowed=true ugi=admin ", StringComparison.Ordinal) && l.Contains($"cmd=LISTSTATUS src={dir} ", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.Contains($"allowed=false ugi={name} ", StringComparison.Ordinal) && l.Contains($"cmd=MKDIRS src={dir}/x ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mkdirs_Rename_Delete_AnswerBooleans_AsHdfsDoes()
    {
        var dir = WebHdfsClusterFixture.Unique("ops");
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);
        using var client = fixture.Cluster.CreateClient();

        var mkdirs = await JsonAsync(await http.PutAsync($"{fixture.Root}{dir}/a/b?op=MKDIRS&permission=755", null), HttpStatusCode.OK);
        await PutAsync(dir + "/a/b/f.bin", [1, 2]);
        var rename = await JsonAsync(await http.PutAsync($"{fixture.Root}{dir}/a?op=RENAME&destination={dir}/c", null), HttpStatusCode.OK);
        var renameMissing = await JsonAsync(await http.PutAsync($"{fixture.Root}{dir}/gone?op=RENAME&destination={dir}/d", null), HttpStatusCode.OK);
        var notEmpty = await JsonAsync(await http.DeleteAsync($"{fixture.Root}{dir}/c?op=DELETE"), HttpStatusCode.Forbidden);
        var delete = await JsonAsync(await http.DeleteAsync($"{fixture.Root}{dir}/c?op=DELETE&recursive=true"), HttpStatusCode.OK);
        var deleteMissing = await JsonAsync(await http.DeleteAsync($"{fixture.Root}{dir}/c?op=DELETE&recursive=true"), HttpStatusCode.OK);

        Assert.True(mkdirs.GetProperty("boolean").GetBoolean());
        Assert.True(rename.GetProperty("boolean").GetBoolean());
        Assert.False(renameMissing.GetProperty("boolean").GetBoolean());
        AssertRemoteException(notEmpty, "IOException", "java.io.IOException", "not empty");
        Assert.True(delete.GetProperty("boolean").GetBoolean());
        Assert.False(deleteMissing.GetProperty("boolean").GetBoolean());
        Assert.Null(await client.StatAsync(dir + "/c"));
        Assert.NotNull(await client.StatAsync(dir));
    }

    [Fact]
    public async Task SetReplication_ChangesTheFile_AndTheReplicasFollow()
    {
        var path = await PutAsync(WebHdfsClusterFixture.Unique("setrep") + "/r.bin", new byte[5000], replication: 1);
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);
        using var client = fixture.Cluster.CreateClient();

        var changed = await JsonAsync(await http.PutAsync($"{fixture.Root}{path}?op=SETREPLICATION&replication=3", null), HttpStatusCode.OK);
        var directory = await JsonAsync(await http.PutAsync($"{fixture.Root}/?op=SETREPLICATION&replication=3", null), HttpStatusCode.OK);
        var invalid = await JsonAsync(await http.PutAsync($"{fixture.Root}{path}?op=SETREPLICATION&replication=0", null), HttpStatusCode.BadRequest);

        Assert.True(changed.GetProperty("boolean").GetBoolean());
        Assert.False(directory.GetProperty("boolean").GetBoolean());
        AssertRemoteException(invalid, "IllegalArgumentException", "java.lang.IllegalArgumentException", "replication");
        Assert.Equal(3, (await client.StatAsync(path))!.Replication);
        await Testing.Eventually.TrueAsync(async () => (await client.GetBlocksAsync(path)).Single().Replicas.Count == 3, "the file to gain its other replicas");
    }

    [Fact]
    public async Task GetContentSummary_CountsDirectoriesFilesBytesAndReplicas()
    {
        var dir = WebHdfsClusterFixture.Unique("summary");
        await PutAsync(dir + "/one.bin", new byte[100], replication: 2);
        await PutAsync(dir + "/sub/two.bin", new byte[50], replication: 1);
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);

        var summary = (await JsonAsync(await http.GetAsync($"{fixture.Root}{dir}?op=GETCONTENTSUMMARY"), HttpStatusCode.OK)).GetProperty("ContentSummary");

        Assert.Equal(2, summary.GetProperty("directoryCount").GetInt64());
        Assert.Equal(2, summary.GetProperty("fileCount").GetInt64());
        Assert.Equal(150, summary.GetProperty("length").GetInt64());
        Assert.Equal(250, summary.GetProperty("spaceConsumed").GetInt64());
        Assert.Equal(-1, summary.GetProperty("quota").GetInt64());
        Assert.Equal(-1, summary.GetProperty("spaceQuota").GetInt64());
    }

    [Fact]
    public async Task GetFileBlockLocations_ListsEachBlockWithItsHosts_WithinOffsetAndLength()
    {
        var path = await PutAsync(WebHdfsClusterFixture.Unique("blocks") + "/big.bin", new byte[3 * 1024 * 1024], replication: 2, blockSize: 1024 * 1024);
        using var http = WebHdfsClusterFixture.Http(fixture.Cluster.AdminToken);
        using var client = fixture.Cluster.CreateClient();
        var blocks = await client.GetBlocksAsync(path);

        var all = (await JsonAsync(await http.GetAsync($"{fixture.Root}{path}?op=GETFILEBLOCKLOCATIONS"), HttpStatusCode.OK))
            .GetProperty("BlockLocations").GetProperty("BlockLocation").EnumerateArray().ToList();
        var second = (await JsonAsync(await http.GetAsync($"{fixture.Root}{path}?op=GETFILEBLOCKLOCATIONS&offset={1024 * 1024 + 10}&length=5"), HttpStatusCode.OK))
            .GetProperty("BlockLocations").GetProperty("BlockLocation").EnumerateArray().Single();

        Assert.Equal(blocks.Select(b => b.Offset), all.Select(b => b.GetProperty("offset").GetInt64()));
        Assert.Equal(blocks.Select(b => b.Length), all.Select(b => b.GetProperty("length").GetInt64()));
        Assert.Equal(
            blocks.Select(b => string.Join(",", b.Replicas.Select(r => new Uri(r.Address).Authority).Order())),
            all.Select(b => string.Join(",", b.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Order())));
        Assert.All(all, b => Assert.Equal(2, b.GetProperty("hosts").GetArrayLength()));
        Assert.Equal(1024 * 1024, second.GetProperty("offset").GetInt64());
    }
}
