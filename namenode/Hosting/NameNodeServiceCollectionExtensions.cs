using DataLocal.Common.Metrics;
using DataLocal.Common.Net;
using DataLocal.Common.Hosting;
using DataLocal.NameNode.Http;
using DataLocal.Common.Security;
using DataLocal.NameNode.Blocks;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Grpc;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Placement;
using DataLocal.NameNode.Scheduling;
using DataLocal.NameNode.Security;
using DataLocal.NameNode.Writes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Hosting;

/// <summary>Every registration of the namenode, in one place.</summary>
public static class NameNodeServiceCollectionExtensions
{
    public static IServiceCollection AddNameNode(this IServiceCollection services, Action<NameNodeOptions> configure)
    {
        services.AddOptions<NameNodeOptions>()
            .BindConfiguration(NameNodeOptions.SectionName)
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // The host replaces it with the trust of --tls-ca when TLS is on.
        services.TryAddSingleton(ClusterTrust.Plaintext);
        services.AddSingleton(sp => new MetadataStore(sp.GetRequiredService<IOptions<NameNodeOptions>>().Value.Directory));
        services.AddSingleton(sp => new ClusterSecret(SecretFile.ReadOrCreate(sp.GetRequiredService<IOptions<NameNodeOptions>>().Value.ClusterSecretPath, ClusterSecret.Prefix)));
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<BlockTokenKeys>();
        services.AddSingleton<ExecutorTokens>();
        services.AddSingleton<ICallerAuthenticator, NameNodeAuthenticator>();
        services.AddSingleton<NamespaceManager>();
        services.AddSingleton<PermissionChecker>();
        services.AddSingleton<BlockMap>();
        services.AddSingleton<PendingDeletions>();
        services.AddSingleton<PendingVerifications>();
        services.AddSingleton<ReaderCorruptionReports>();
        services.AddSingleton<UnknownReplicas>();
        services.AddSingleton<SafeMode>();
        services.AddSingleton<BlockIdGenerator>();
        services.AddSingleton<BlockInvalidator>();
        services.AddSingleton<BlockReportProcessor>();
        services.AddSingleton<FileSystemChecker>();
        services.AddSingleton<BlockLocator>();
        services.AddSingleton<FileBlockLocations>();
        services.AddSingleton<DatanodeRegistry>();
        services.AddSingleton<ReachabilityProbe>();
        services.AddHostedService<UnreachableNodeRechecker>();
        services.AddSingleton(_ => new ReplicaPlacementPolicy(Random.Shared));
        services.AddSingleton<OpenWriteTable>();
        services.AddSingleton<WriteCoordinator>();
        services.AddSingleton<IReplicaOracle, ClusterReplicaOracle>();
        // Redirects are not followed: a redirect could lead anywhere, past the allow-list.
        services.AddSingleton(_ => new ExternalParquetSource(PinnedHttp.CreateClient(TimeSpan.FromSeconds(30))));
        services.AddSingleton<ExternalSourcePolicy>();
        services.AddSingleton<JobPlanner>();
        services.AddSingleton<JobHistory>();
        services.AddSingleton<JobOutputWriter>();
        services.AddSingleton<IJobQueryParser, SqlJobQueryParser>();
        services.AddSingleton<JobManager>();
        services.AddSingleton<IDatanodeLossListener>(sp => sp.GetRequiredService<JobManager>());
        services.AddHostedService<BlockMapLoader>();
        services.AddSingleton<HeartbeatMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<HeartbeatMonitor>());
        services.AddHostedService<LeaseMonitor>();
        services.AddHostedService<TaskLivenessMonitor>();
        services.AddHostedService<JobTimeoutMonitor>();
        services.AddHostedService<SpeculationMonitor>();
        services.AddSingleton<PendingReplications>();
        services.AddSingleton<ReplicationMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicationMonitor>());
        services.AddSingleton(sp => new NameNodeStarted(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton<RoleMetrics>();
        services.AddSingleton<NameNodeMetrics>();
        services.AddSingleton<NameNodeStateGauges>();
        services.AddRoleHealth();
        services.AddSingleton<Http.WebHdfs.NamespaceCalls>();
        services.AddGrpc(o =>
        {
            // Timed outermost, so refused calls count too.
            o.Interceptors.Add<RpcMetricsInterceptor>();
            // Then audited, so refused calls are recorded; then no handler runs for a caller without a valid credential.
            o.Interceptors.Add<AuditInterceptor>();
            o.Interceptors.Add<AuthenticationInterceptor>();
            o.Interceptors.Add<DomainExceptionInterceptor>();
            o.MaxReceiveMessageSize = 64 * 1024 * 1024;
            o.MaxSendMessageSize = 64 * 1024 * 1024;
        });
        // A task reports its partial result in one message, and a partial may be as large as
        // --max-result-size (executors keep larger ones): the receive limit follows that setting.
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<NameNodeOptions>>((grpc, nameNode) =>
            grpc.MaxReceiveMessageSize = (int)Math.Max(64L * 1024 * 1024, nameNode.Value.MaxResultSize + (1024 * 1024)));
        return services;
    }
}
