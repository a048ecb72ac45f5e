using DataLocal.Common.Paths;
using DataLocal.Common.Security;

namespace DataLocal.NameNode.Security;

/// <summary>
/// What a job's submitter must be allowed, checked at submit: to read every file the job reads (and
/// list every directory it walks) and to create its output directory. Tasks then run as the cluster,
/// so this is the only check; it names the clause (FROM or --output) that was refused.
/// </summary>
public static class JobAccessCheck
{
    public static void Check(PermissionChecker permissions, CallerIdentity caller, string source, string? output)
    {
        if (!source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            Refine($"FROM {source}", () =>
            {
                // A path that is invalid or names nothing is refused by the planner, in its own words.
                string path;
                try
                {
                    path = DataLocalPath.Normalize(source);
                }
                catch (InvalidPathException)
                {
                    return;
                }
                permissions.CheckTraverse(caller, path);
                permissions.CheckSubtree(caller, path, directories: FsAction.ReadExecute, files: FsAction.Read);
            });
        }
        if (output is not null)
        {
            Refine($"--output {output}", () => permissions.CheckParent(caller, output, FsAction.Write));
        }
    }

    private static void Refine(string clause, Action check)
    {
        try
        {
            check();
        }
        catch (PermissionDeniedException ex)
        {
            throw new PermissionDeniedException($"{clause}: {ex.Message}");
        }
    }
}
