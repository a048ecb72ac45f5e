using System.Net;
using DataLocal.Common.Hosting;
using DataLocal.Common.Metrics;
using Prometheus;
using DataLocal.Common.Security;
using DataLocal.DataNode.Grpc;
using DataLocal.DataNode.NameNodeLink;
using DataLocal.DataNode.WebHdfs;
using DataLocal.DataNode.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataLocal.DataNode.Hosting;

/// <summary>A running datanode: its web host, identity and the address it bound.</summary>
public sealed class DataNodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DataNodeHost(WebApplication app, string address, string? httpAddress, string directory, IPEndPoint bound)
    {
        _app = app;
        Address = address;
        HttpAddress = httpAddress;
        Directory = directory;
        Bound = bound;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>The address it advertises to the namenode, e.g. http://192.0.2.2:9866.</summary>
    public string Address { get; }

    /// <summary>Its advertised HTTP address (/metrics, /healthz), e.g. http://192.0.2.2:9864; null when --http-port is -1.</summary>
    public string? HttpAddress { get; }

    /// <summary>The endpoint it listens on, as bound (0.0.0.0 for every interface).</summary>
    public IPEndPoint Bound { get; }

    public string Directory { get; }

    public string NodeId => _app.Services.GetRequiredService<BlockStore>().NodeId;

    /// <summary>
    /// Starts from layered settings (see <see cref="RoleSettings"/>): binds the "DataNode" section and
    /// validates every option first, throwing <see cref="InvalidSettingException"/> naming the first
    /// bad one (with its flag, from <paramref name="flagNames"/>).
    /// </summary>
    public static Task<DataNodeHost> StartAsync(
        IConfiguration settings,
        IReadOnlyDictionary<string, string>? flagNames = null,
        Action<ILoggingBuilder>? configureLogging = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(RoleSettings.Load<DataNodeOptions>(settings, DataNodeOptions.SectionName, flagNames), configureLogging, cancellationToken: cancellationToken);

    /// <summary>Builds and starts a datanode; returns once it listens (registration continues in the background).</summary>
    public static async Task<DataNodeHost> StartAsync(
        DataNodeOptions options,
        Action<ILoggingBuilder>? configureLogging = null,
        CancellationToken cancellationToken = default)
    {
        RoleSettings.Validate(options, DataNodeOptions.SectionName);
        SecretSetting.Read(() => SecretFile.Read(options.ClusterSecretFile), "--cluster-secret-file");
        var tls = RoleTls.Load(options.TlsCertFile, options.TlsKeyFile, options.TlsCaFile);
        var builder = RoleWebApplication.CreateBuilder();
        builder.Logging.OneLinePerEntry().QuietPerRequestLogs();
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddDataNode(o => RoleSettings.CopyAll(options, o));
        builder.Services.AddSingleton(tls.Trust);

        var bind = NodeAddresses.ResolveBind(options.BindAddress, "--bind");
        // Checked before listening, so a wrong --advertise fails at once rather than after registration.
        var advertisedHost = string.IsNullOrEmpty(options.AdvertiseHost)
            ? NodeAddresses.DefaultAdvertised(bind)
            : NodeAddresses.CheckAdvertised(options.AdvertiseHost, "--advertise");
        var listeners = RoleListeners.Configure(builder.WebHost, bind, options.Port, options.HttpPort, tls.Certificate);

        var app = builder.Build();
        app.UseHttpTokenAuthentication("DataLocal datanode");
        app.MapGrpcService<DataTransferService>();
        app.MapRoleHealth();
        app.MapWebHdfsData();
        // Its gauges are read from the node's counters as each scrape begins.
        app.Services.GetRequiredService<DataNodeMetrics>();
        app.MapMetrics("/metrics", app.Services.GetRequiredService<RoleMetrics>().Registry);
        ListenCheck.EnsureCanListen(bind, options.Port, "--bind", "--port");
        ListenCheck.EnsureCanListen(bind, options.HttpPort, "--bind", "--http-port");
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ListenCheck.IsBindFailure(ex))
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw ListenCheck.Describe(ex, bind, options.Port, "--bind", "--port");
        }

        var bound = listeners.Rpc;
        var address = NodeAddresses.Url(advertisedHost, bound.Port, tls.Enabled);
        var httpAddress = listeners.Http is { } http ? NodeAddresses.Url(advertisedHost, http.Port, tls.Enabled) : null;
        app.Services.GetRequiredService<AdvertisedAddress>().Set(address, httpAddress);
        new EndpointFile("datanode", address, httpAddress, Environment.ProcessId).WriteTo(options.Directory);
        var store = app.Services.GetRequiredService<BlockStore>();
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<DataNodeHost>().Started(store.NodeId, bound.ToString(), address, store.ReplicaCount);
        return new DataNodeHost(app, address, httpAddress, options.Directory, bound);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}
