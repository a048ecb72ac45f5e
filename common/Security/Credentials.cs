using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace DataLocal.Common.Security;

/// <summary>How a credential travels: the standard "authorization: Bearer …" header, on gRPC calls and HTTP requests alike.</summary>
public static class Credentials
{
    public const string Header = "authorization";

    private const string Scheme = "Bearer ";

    public static string HeaderValue(string credential) => Scheme + credential;

    /// <summary>The bearer credential in gRPC request headers, or null when there is none.</summary>
    public static string? From(Metadata headers) => FromHeaderValue(headers.GetValue(Header));

    /// <summary>
    /// The credential in an Authorization header value: "Bearer TOKEN", or HTTP Basic with the token as
    /// the password (what a browser asks for on the status page); null for anything else.
    /// </summary>
    public static string? FromHeaderValue(string? value)
    {
        if (value is null || !AuthenticationHeaderValue.TryParse(value, out var parsed) || string.IsNullOrEmpty(parsed.Parameter))
        {
            return null;
        }
        if (parsed.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return parsed.Parameter;
        }
        if (parsed.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parsed.Parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 && colon < decoded.Length - 1 ? decoded[(colon + 1)..] : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>Compares two secrets in time that does not depend on where they differ, so timing reveals nothing of the right one.</summary>
    public static bool SecretEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
