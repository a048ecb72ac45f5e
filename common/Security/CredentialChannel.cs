using Grpc.Core;
using Grpc.Net.Client;

namespace DataLocal.Common.Security;

/// <summary>
/// The one place a client channel gets its credential: every call through a channel configured
/// here carries "authorization: Bearer …", and, when the cluster runs TLS, goes over TLS checked
/// against the cluster CA (<see cref="ClusterTrust"/>). Without TLS the credential must be allowed over
/// plaintext (<see cref="GrpcChannelOptions.UnsafeUseInsecureChannelCallCredentials"/>).
/// </summary>
public static class CredentialChannel
{
    /// <summary><paramref name="options"/> with <paramref name="credential"/> sent on every call (unchanged when null).</summary>
    public static GrpcChannelOptions WithCredential(this GrpcChannelOptions options, string address, string? credential, ClusterTrust? trust = null)
    {
        if (trust?.CreateHandler() is { } handler)
        {
            options.HttpHandler = handler;
            options.DisposeHttpClient = true;
        }
        if (credential is null)
        {
            return options;
        }
        var header = Credentials.HeaderValue(credential);
        var perCall = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add(Credentials.Header, header);
            return Task.CompletedTask;
        });
        var transport = address.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        options.Credentials = ChannelCredentials.Create(transport, perCall);
        options.UnsafeUseInsecureChannelCallCredentials = true;
        return options;
    }

    /// <summary>A channel to <paramref name="address"/> whose calls carry <paramref name="credential"/>.</summary>
    public static GrpcChannel For(string address, string? credential, GrpcChannelOptions? options = null, ClusterTrust? trust = null)
    {
        var secured = (trust ?? ClusterTrust.Plaintext).Secure(address);
        return GrpcChannel.ForAddress(secured, (options ?? new GrpcChannelOptions()).WithCredential(secured, credential, trust));
    }
}
