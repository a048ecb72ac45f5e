using DataLocal.Common.Grpc;
using DataLocal.Common.Hosting;
using DataLocal.Common.Metrics;
using DataLocal.Common.Net;
using DataLocal.Common.Security;
using DataLocal.DataNode.Security;
using DataLocal.DataNode.Executor;
using DataLocal.DataNode.NameNodeLink;
using DataLocal.DataNode.Storage;
using DataLocal.DataNode.Transfer;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DataLocal.Protocol.Datanode;

namespace DataLocal.DataNode.Hosting;

/// <summary>Every registration of the datanode, in one place.</summary>
public static class DataNodeServiceCollectionExtensions
{
    public static IServiceCollection AddDataNode(this IServiceCollection services, Action<DataNodeOptions> configure)
    {
        services.AddOptions<DataNodeOptions>()
            .BindConfiguration(DataNodeOptions.SectionName)
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The host replaces it with the trust of --tls-ca when TLS is on.
        services.TryAddSingleton(ClusterTrust.Plaintext);
        services.AddSingleton(sp => ClusterSecret.ReadFrom(sp.GetRequiredService<IOptions<DataNodeOptions>>().Value.ClusterSecretFile));
        services.AddSingleton<ICallerAuthenticator, DataNodeAuthenticator>();
        services.AddSingleton<BlockTokenVerifier>();
        services.AddSingleton<BlockStore>();
        services.AddSingleton<AdvertisedAddress>();
        services.AddSingleton<NameNodeConnection>();
        services.AddSingleton<ReplicaReporter>();
        services.AddSingleton<ReplicaCopier>();
        services.AddSingleton(sp => new ReplicaCopyWorkers(
            sp.GetRequiredService<ReplicaCopier>().CopyAsync, sp.GetRequiredService<IOptions<DataNodeOptions>>(), sp.GetRequiredService<ILogger<ReplicaCopyWorkers>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaCopyWorkers>());
        services.AddSingleton<ReplicaVerifier>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaVerifier>());
        services.AddSingleton<TransferCounter>();
        // Calls to other datanodes present the cluster secret.
        services.AddSingleton(sp => new GrpcChannelPool(
            compression: new TransferCompression(sp.GetRequiredService<IOptions<DataNodeOptions>>().Value.TransferCompression),
            credential: sp.GetRequiredService<ClusterSecret>().Value,
            trust: sp.GetRequiredService<ClusterTrust>()));
        services.AddSingleton<BlockDownloader>();
        services.AddSingleton<BlockUploader>();
        services.AddSingleton<BlockReceiver>();
        services.AddSingleton<BlockSender>();
        services.AddSingleton<UnverifiedReplicaSender>();
        services.AddHostedService<HeartbeatService>();
        // Redirects are not followed: the namenode checked the URL against its allow-list, not where it may redirect.
        // Only the addresses the namenode checked are connected to (DNS rebinding), see PinnedHttp.
        services.AddSingleton(_ => new ExternalRangeReader(PinnedHttp.CreateClient(TimeSpan.FromMinutes(5))));
        services.AddSingleton<BlockSourceReader>();
        services.AddSingleton(sp => new TaskExchangeChannel(sp.GetRequiredService<IOptions<DataNodeOptions>>().Value.NameNodeAddress, sp.GetRequiredService<ClusterSecret>(), sp.GetRequiredService<ClusterTrust>()));
        services.AddSingleton<ExecutorRegistration>();
        // Control deadlines as every other call; a task report carries its own, sized to its result.
        // Every call carries this node's executor credential, read per call as a re-registration renews it.
        services.AddSingleton(sp =>
        {
            var executor = sp.GetRequiredService<ExecutorRegistration>();
            return new TaskExchange.TaskExchangeClient(sp.GetRequiredService<TaskExchangeChannel>().Channel
                .Intercept(new DefaultDeadlineInterceptor(sp.GetRequiredService<GrpcChannelPool>().Timeouts.ControlCall))
                .Intercept(headers => ExecutorCredential.With(headers, executor.Token)));
        });
        services.AddSingleton<OutputBlockWriter>();
        services.AddSingleton<HeldFooters>();
        services.AddSingleton<TaskRunner>();
        services.AddSingleton<RunningAttempts>();
        services.AddHostedService<TaskPuller>();
        services.AddSingleton<RoleMetrics>();
        services.AddSingleton<DataNodeMetrics>();
        services.AddRoleHealth();
        services.AddGrpc(o =>
        {
            // Timed outermost, so refused calls count too.
            o.Interceptors.Add<RpcMetricsInterceptor>();
            o.Interceptors.Add<AuthenticationInterceptor>();
            o.MaxReceiveMessageSize = 16 * 1024 * 1024;
            o.MaxSendMessageSize = 16 * 1024 * 1024;
        });
        return services;
    }
}
