using System.Net;
using DataLocal.Common.Hosting;
using DataLocal.Common.Security;
using DataLocal.NameNode.Grpc;
using DataLocal.NameNode.Http;
using DataLocal.NameNode.Http.WebHdfs;
using DataLocal.NameNode.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DataLocal.NameNode.Hosting;

/// <summary>A running namenode: its web host and the addresses it actually bound.</summary>
public sealed class NameNodeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RoleListeners _listeners;

    private readonly bool _tls;

    private NameNodeHost(WebApplication app, RoleListeners listeners, bool tls)
    {
        _app = app;
        _listeners = listeners;
        _tls = tls;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Where a process on this machine reaches it, e.g. http://127.0.0.1:8020 (loopback when bound
    /// to every interface). Other hosts use this machine's name or address with the same port.
    /// </summary>
    public string RpcAddress => NodeAddresses.LocalUrl(_listeners.Rpc, _tls);

    public string? HttpAddress => _listeners.Http is { } http ? NodeAddresses.LocalUrl(http, _tls) : null;

    /// <summary>The address it listens on, as bound (0.0.0.0 for every interface).</summary>
    public IPAddress BoundAddress => _listeners.Rpc.Address;

    /// <summary>The ports it listens on: RPC, then HTTP when on.</summary>
    public IReadOnlyList<int> Ports => _listeners.Http is { } http ? [_listeners.Rpc.Port, http.Port] : [_listeners.Rpc.Port];

    /// <summary>
    /// Starts from layered settings (see <see cref="RoleSettings"/>): binds the "NameNode" section and
    /// validates every option first, throwing <see cref="InvalidSettingException"/> naming the first
    /// bad one (with its flag, from <paramref name="flagNames"/>).
    /// </summary>
    public static Task<NameNodeHost> StartAsync(
        IConfiguration settings,
        IReadOnlyDictionary<string, string>? flagNames = null,
        Action<ILoggingBuilder>? configureLogging = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(RoleSettings.Load<NameNodeOptions>(settings, NameNodeOptions.SectionName, flagNames), configureLogging, configureServices, cancellationToken: cancellationToken);

    /// <summary>Builds and starts a namenode; returns once it listens.</summary>
    public static async Task<NameNodeHost> StartAsync(
        NameNodeOptions options,
        Action<ILoggingBuilder>? configureLogging = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        RoleSettings.Validate(options, NameNodeOptions.SectionName);
        SecretSetting.Read(() => SecretFile.ReadOrCreate(options.ClusterSecretPath, ClusterSecret.Prefix), "--cluster-secret-file");
        var tls = RoleTls.Load(options.TlsCertFile, options.TlsKeyFile, options.TlsCaFile);
        ThreadPoolFloor.Ensure();
        var builder = RoleWebApplication.CreateBuilder();
        builder.Logging.OneLinePerEntry().QuietPerRequestLogs();
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddNameNode(o => RoleSettings.CopyAll(options, o));
        builder.Services.AddSingleton(tls.Trust);
        configureServices?.Invoke(builder.Services);

        var address = NodeAddresses.ResolveBind(options.BindAddress, "--bind");
        var listeners = RoleListeners.Configure(builder.WebHost, address, options.Port, options.HttpPort, tls.Certificate);

        var app = builder.Build();
        app.UseHttpTokenAuthentication("DataLocal namenode");
        app.MapGrpcService<ClientNamenodeService>();
        app.MapGrpcService<DatanodeNamenodeService>();
        app.MapGrpcService<AdminService>();
        app.MapGrpcService<JobControlService>();
        app.MapGrpcService<TaskExchangeService>();
        app.MapNameNodeStatus();
        app.MapWebHdfs();
        app.MapRoleHealth();
        if (SecretSetting.Read(() => FirstAdminToken.Ensure(app.Services.GetRequiredService<UserDirectory>(), options.AdminTokenPath), "--admin-token-file"))
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<NameNodeHost>().FirstAdminCreated(options.AdminTokenPath);
        }
        await StartListeningAsync(app, address, options, cancellationToken).ConfigureAwait(false);

        var host = new NameNodeHost(app, listeners, tls.Enabled);
        new EndpointFile("namenode", host.RpcAddress, host.HttpAddress, Environment.ProcessId).WriteTo(options.Directory);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<NameNodeHost>()
            .Listening(host.BoundAddress.ToString(), host.RpcAddress, host.HttpAddress ?? "off");
        return host;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async Task StopAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task StartListeningAsync(WebApplication app, IPAddress address, NameNodeOptions options, CancellationToken cancellationToken)
    {
        ListenCheck.EnsureCanListen(address, options.Port, "--bind", "--port");
        ListenCheck.EnsureCanListen(address, options.HttpPort, "--bind", "--http-port");
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ListenCheck.IsBindFailure(ex))
        {
            // Taken between the check and now, by a race.
            await app.DisposeAsync().ConfigureAwait(false);
            throw ListenCheck.Describe(ex, address, options.Port, "--bind", "--port");
        }
    }
}
