using System.Globalization;

namespace DataLocal.Testing.Netns;

/// <summary>
/// Times a TCP transfer between two hosts with the netprobe helper (built next to the tests), run
/// inside each host's namespace: the receiver in one, the sender in the other.
/// </summary>
public static class BandwidthProbe
{
    /// <summary>How far a measured rate may be from the shaped one and still be trusted.</summary>
    public const double Tolerance = 0.15;

    private const int Port = 5201;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "netprobe.dll");

    /// <summary>Bits per second from <paramref name="from"/> to <paramref name="to"/>, as the receiver saw them arrive.</summary>
    public static async Task<double> MeasureAsync(NetnsHost from, NetnsHost to, long bytes)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var port = Port.ToString(CultureInfo.InvariantCulture);
        using var receiver = to.Start("dotnet", Assembly, "receive", to.Address.ToString(), port);
        await receiver.WaitForLineAsync(l => l == "listening", "netprobe to listen", Timeout).ConfigureAwait(false);
        var (sent, output) = await from.RunAsync(Timeout, "dotnet", Assembly, "send", to.Address.ToString(), port, bytes.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        if (sent != 0)
        {
            throw new NetnsException($"netprobe send from {from.Name} to {to.Name} failed ({sent}): {output}");
        }
        var result = await receiver.WaitForLineAsync(l => l.Contains(' ', StringComparison.Ordinal), "netprobe's measurement", Timeout).ConfigureAwait(false);
        var fields = result.Split(' ');
        var received = long.Parse(fields[0], CultureInfo.InvariantCulture);
        var seconds = double.Parse(fields[1], CultureInfo.InvariantCulture);
        return received * 8 / seconds;
    }

    /// <summary>
    /// Measures a limited <paramref name="rate"/> with about two seconds of traffic (long enough
    /// that TCP's ramp-up and the bucket's first burst are a few percent of it) and throws unless
    /// it is within <see cref="Tolerance"/>. Returns the measured bits per second.
    /// </summary>
    public static async Task<double> VerifyAsync(NetnsHost from, NetnsHost to, LinkRate rate)
    {
        var bits = rate.BitsPerSecond ?? throw new ArgumentException("an unlimited link has no rate to verify", nameof(rate));
        var bytes = Math.Clamp(bits / 8 * 2, 4L << 20, 4L << 30);
        var measured = await MeasureAsync(from, to, bytes).ConfigureAwait(false);
        if (Math.Abs(measured - bits) > Tolerance * bits)
        {
            throw new NetnsException(string.Create(CultureInfo.InvariantCulture,
                $"links shaped to {rate} carried {measured / 1e6:0.#} Mbit/s from {from.Name} to {to.Name}, not within {Tolerance:P0}; this machine cannot be trusted at that rate"));
        }
        return measured;
    }
}
