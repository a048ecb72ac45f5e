using System.Net;

namespace DataLocal.Common.Grpc;

/// <summary>When block transfers are LZ4-compressed.</summary>
public enum TransferCompressionMode
{
    /// <summary>To and from other hosts, for pieces a sample shows will shrink; never over loopback, where bytes cost nothing to move.</summary>
    Auto,
    /// <summary>Every transfer, loopback included, for pieces a sample shows will shrink (tests and measurements).</summary>
    Lz4,
    /// <summary>Never.</summary>
    None,
}

/// <summary>Decides, per peer, whether block pieces sent to it (or read from it) may be compressed.</summary>
public sealed record TransferCompression(TransferCompressionMode Mode = TransferCompressionMode.Auto)
{
    /// <summary>True when pieces exchanged with the node at <paramref name="address"/> (e.g. http://10.0.0.2:9866) may be compressed.</summary>
    public bool AppliesTo(string address) => Mode switch
    {
        TransferCompressionMode.None => false,
        TransferCompressionMode.Lz4 => true,
        _ => !IsLoopback(address),
    };

    private static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return false;
        }
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
