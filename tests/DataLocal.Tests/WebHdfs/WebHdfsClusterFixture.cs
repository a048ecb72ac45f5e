using System.Net.Http.Headers;
using DataLocal.Testing;

namespace DataLocal.Tests.WebHdfs;

/// <summary>
/// One in-process cluster (3 datanodes, replication 2) for the WebHDFS tests, with its logs captured so
/// tests can read the audit log; each test works under a directory of its own.
/// </summary>
public sealed class WebHdfsClusterFixture : IAsyncLifetime
{
    public CapturedLogs Logs { get; } = new();

    public InProcessCluster Cluster { get; private set; } = null!;

    /// <summary>The namenode's WebHDFS root, e.g. http://127.0.0.1:PORT/webhdfs/v1.</summary>
    public string Root => Cluster.NameNode.HttpAddress + "/webhdfs/v1";

    public async Task InitializeAsync() =>
        Cluster = await InProcessCluster.StartAsync(datanodes: 3, replication: 2, configureLogging: Logs.Configure).ConfigureAwait(false);

    /// <summary>A directory path no other test uses: /NAME-xxxxxxxx.</summary>
    public static string Unique(string name) => $"/{name}-{Guid.NewGuid():N}"[..(name.Length + 10)];

    /// <summary>An HTTP client that shows redirects instead of following them, sending <paramref name="token"/> as a bearer token (none when null).</summary>
    public static HttpClient Http(string? token)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return http;
    }

    /// <summary>A new user with no rights beyond a normal user's, and their token.</summary>
    public async Task<(string Name, string Token)> AddUserAsync()
    {
        using var admin = Cluster.CreateClient();
        var name = "webhdfs-" + Guid.NewGuid().ToString("N")[..6];
        return (name, await admin.AddUserAsync(name, admin: false).ConfigureAwait(false));
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync().ConfigureAwait(false);
        Logs.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class WebHdfsClusterDefinition : ICollectionFixture<WebHdfsClusterFixture>
{
    public const string Name = "webhdfs cluster";
}
