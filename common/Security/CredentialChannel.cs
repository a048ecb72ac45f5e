using Grpc.Core;
using Grpc.Net.Client;

namespace DataLocal.Common.Security;

/// <summary>
/// The one place a client channel gets its credential: every call through a channel configured
/// here carries "authorization: Bearer …". The cluster has no TLS yet, so the credential must be
/// allowed over plaintext (<see cref="GrpcChannelOptions.UnsafeUseInsecureChannelCallCredentials"/>).
/// </summary>
public static class CredentialChannel
{
    /// <summary><paramref name="options"/> with <paramref name="credential"/> sent on every call (unchanged when null).</summary>
    public static GrpcChannelOptions WithCredential(this GrpcChannelOptions options, string address, string? credential)
    {
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
    public static GrpcChannel For(string address, string? credential, GrpcChannelOptions? options = null) =>
        GrpcChannel.ForAddress(address, (options ?? new GrpcChannelOptions()).WithCredential(address, credential));
}
