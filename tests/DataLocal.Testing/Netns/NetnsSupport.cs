namespace DataLocal.Testing.Netns;

/// <summary>
/// Whether this machine lets the harness create network namespaces, and if not, why not: tests
/// skip with this reason instead of passing without having run.
/// </summary>
public static class NetnsSupport
{
    private static readonly Lazy<string?> Reason = new(Probe);

    /// <summary>Null when namespaces, veths and bridges can be made here; otherwise what stops them.</summary>
    public static string? UnavailableReason => Reason.Value;

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }
        if (!Environment.IsPrivilegedProcess)
        {
            return "creating network namespaces needs root";
        }
        foreach (var tool in new[] { "ip", "tc" })
        {
            if (!SystemCommand.OnPath(tool))
            {
                return $"`{tool}` (iproute2) is not installed";
            }
        }
        // Only trying tells whether the kernel (or a container's seccomp profile) allows it.
        var probe = $"{NetnsNames.NamespacePrefix}{Environment.ProcessId}-probe";
        var (exitCode, _, error) = SystemCommand.TryRun("ip", "netns", "add", probe);
        if (exitCode != 0)
        {
            return $"the kernel refused a network namespace: {error.Trim()}";
        }
        SystemCommand.TryRun("ip", "netns", "del", probe);
        return null;
    }
}
