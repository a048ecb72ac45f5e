using System.Globalization;

namespace DataLocal.Testing.Netns;

/// <summary>The bandwidth a host's link is shaped to; null bits per second means not shaped.</summary>
public readonly record struct LinkRate(long? BitsPerSecond)
{
    public static LinkRate Unlimited => new(null);

    public static LinkRate Mbit100 => new(100_000_000);

    public static LinkRate Gbit1 => new(1_000_000_000);

    public static LinkRate Gbit10 => new(10_000_000_000);

    public bool IsLimited => BitsPerSecond is not null;

    public override string ToString() => BitsPerSecond switch
    {
        null => "unlimited",
        >= 1_000_000_000 and var b when b % 1_000_000_000 == 0 => string.Create(CultureInfo.InvariantCulture, $"{b / 1_000_000_000} Gbit/s"),
        var b => string.Create(CultureInfo.InvariantCulture, $"{b / 1_000_000.0:0.#} Mbit/s"),
    };
}
