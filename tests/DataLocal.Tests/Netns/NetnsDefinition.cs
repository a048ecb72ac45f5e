using DataLocal.Testing.Netns;

namespace DataLocal.Tests.Netns;

/// <summary>
/// Tests on separate network hosts run one after another: each builds its own network and its
/// processes would otherwise compete for the machine's two cores with a shaped transfer being timed.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NetnsDefinition
{
    public const string Name = "network namespaces";

    /// <summary>Skips (with the reason) where namespaces cannot be made, rather than passing without running.</summary>
    public static void SkipUnlessAvailable() =>
        Skip.If(NetnsSupport.UnavailableReason is not null, $"network namespaces unavailable: {NetnsSupport.UnavailableReason}");
}
