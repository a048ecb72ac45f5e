using System.Globalization;

namespace DataLocal.Tests.Fuzz;

/// <summary>The seed every fuzz test starts from: fixed, so a failure replays; <c>DATALOCAL_FUZZ_SEED</c> explores others.</summary>
internal static class FuzzSeed
{
    public static int Value { get; } =
        Environment.GetEnvironmentVariable("DATALOCAL_FUZZ_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 20261202;
}
