using DataLocal.Common.Security;
using DataLocal.Testing;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;

namespace DataLocal.Tests.Security;

/// <summary>
/// Every method of every gRPC service DataLocal defines, found from the generated descriptors (so a
/// method or service added later is called too), is refused before its handler runs to a caller with
/// no credential and to one with a wrong credential.
/// </summary>
public sealed class EveryMethodAuthenticationTests(OneNodeClusterFixture fixture) : IClassFixture<OneNodeClusterFixture>
{
    private readonly InProcessCluster _cluster = fixture.Cluster;

    public static TheoryData<string, string> Methods()
    {
        var data = new TheoryData<string, string>();
        foreach (var service in AllServices())
        {
            foreach (var method in service.Methods)
            {
                data.Add(service.FullName, method.Name);
            }
        }
        return data;
    }

    [Fact]
    public void Descriptors_NameEveryServiceOfTheProtocol()
    {
        // Guards the enumeration itself: if it found nothing, the theory below would pass vacuously.
        Assert.Equal(
            ["datalocal.client.Admin", "datalocal.client.ClientNamenode", "datalocal.client.JobControl", "datalocal.datanode.DatanodeNamenode", "datalocal.datanode.TaskExchange", "datalocal.transfer.DataTransfer"],
            AllServices().Select(s => s.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MethodAccess_OnlyTheGrpcHealthServiceAnswersWithoutACredential()
    {
        Assert.All(AllServices().SelectMany(s => s.Methods), m =>
            Assert.False(DataLocal.Common.Security.MethodAccess.IsAnonymous(DataLocal.Common.Security.MethodAccess.MethodPath(m.Service.FullName, m.Name)), m.FullName));
        Assert.True(DataLocal.Common.Security.MethodAccess.IsAnonymous("/grpc.health.v1.Health/Check"));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Method_WithoutCredential_IsUnauthenticated(string service, string method)
    {
        var status = await CallAsync(service, method, credential: null);

        Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        Assert.Contains("authentication required", status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Method_WithWrongCredential_IsUnauthenticated(string service, string method)
    {
        // Shaped as a real token and as a cluster secret: neither kind of check may let it through.
        foreach (var wrong in new[] { "dlu_0123456789abcdef_" + new string('A', 43), ClusterSecret.Prefix + new string('B', 43), "nonsense" })
        {
            var status = await CallAsync(service, method, wrong);

            Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
            Assert.Contains("authentication failed", status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task StatusPages_WithoutOrWithWrongToken_Are401_WithTokenServed()
    {
        using var anonymous = new HttpClient();
        using var wrong = new HttpClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "dlu_0123456789abcdef_wrong");
        using var basic = new HttpClient();
        basic.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("anyone:" + _cluster.AdminToken)));

        foreach (var page in new[] { "/", "/metrics", "/no-such-page" })
        {
            var url = _cluster.NameNode.HttpAddress + page;
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await wrong.GetAsync(url)).StatusCode);
        }
        var challenge = await anonymous.GetAsync(_cluster.NameNode.HttpAddress + "/");
        Assert.Equal("Basic", challenge.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("datalocal_datanodes{state=\"live\"}", await basic.GetStringAsync(_cluster.NameNode.HttpAddress + "/metrics"), StringComparison.Ordinal);
    }

    /// <summary>Every service in every .proto file compiled into the common assembly.</summary>
    private static IEnumerable<ServiceDescriptor> AllServices() =>
        typeof(ClusterSecret).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.GetProperty("Descriptor")?.PropertyType == typeof(FileDescriptor))
            .Select(t => (FileDescriptor)t.GetProperty("Descriptor")!.GetValue(null)!)
            .SelectMany(f => f.Services);

    /// <summary>The server that serves <paramref name="service"/>: data transfer is the datanodes', everything else the namenode's.</summary>
    private string ServerOf(string service) => service.StartsWith("datalocal.transfer.", StringComparison.Ordinal)
        ? _cluster.DataNodes[0]!.Address
        : service.StartsWith("datalocal.client.", StringComparison.Ordinal) || service.StartsWith("datalocal.datanode.", StringComparison.Ordinal)
            ? _cluster.NameNodeAddress
            : throw new InvalidOperationException($"which server serves {service}? add it here");

    /// <summary>Calls the method with an empty request (a valid message of every type), whatever its streaming shape, and returns how it ended.</summary>
    private async Task<Status> CallAsync(string service, string methodName, string? credential)
    {
        var descriptor = AllServices().Single(s => s.FullName == service).FindMethodByName(methodName);
        var type = (descriptor.IsClientStreaming, descriptor.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        var bytes = Marshallers.Create(b => b, b => b);
        var method = new Method<byte[], byte[]>(type, service, methodName, bytes, bytes);
        using var channel = CredentialChannel.For(ServerOf(service), credential);
        var invoker = channel.CreateCallInvoker();
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                    using (var call = invoker.AsyncServerStreamingCall(method, null, options, []))
                    {
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }
                    break;
                case MethodType.ClientStreaming:
                    using (var call = invoker.AsyncClientStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        await call.ResponseAsync;
                    }
                    break;
                default:
                    using (var call = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        await call.RequestStream.CompleteAsync();
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }
                    break;
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }
}
