using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// What every scheduler scenario checks of each task of a running job: it is pending, running on a
/// live node (or on one whose loss is being handled right now), or succeeded.
/// </summary>
internal static class TaskStateInvariant
{
    /// <summary>What is wrong with <paramref name="task"/>, or null.</summary>
    public static string? Problem(JobTask task, DatanodeRegistry registry, bool lossBeingHandled) => task.State switch
    {
        TaskState.Pending when task.RunningAttempts.Count > 0 => "is pending with an attempt running",
        TaskState.Running when task.RunningAttempts.Count == 0 => "is running with no attempt",
        TaskState.Running when task.RunningAttempts.FirstOrDefault(a => !registry.IsLive(a.NodeId)) is { } orphan && !lossBeingHandled =>
            $"is running on {orphan.NodeId}, which is dead, and nobody will requeue it",
        TaskState.Failed => "failed, but its job still runs",
        _ => null,
    };
}
