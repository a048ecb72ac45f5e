using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Scheduling;

namespace DataLocal.Tests.Interleavings;

/// <summary>
/// What every scheduler scenario checks of each task of a running job: it is pending, running on a
/// live node (or on one whose loss is being handled right now), or succeeded; and of each running
/// job, that it has something pending or running, or is being finished.
/// </summary>
internal static class SchedulerInvariants
{
    /// <summary>The first violation in any running job, or null.</summary>
    public static string? RunningJobsViolation(JobManager jobs, DatanodeRegistry registry, bool lossBeingHandled, ScheduleView view) =>
        jobs.InspectRunning(running =>
        {
            foreach (var job in running)
            {
                foreach (var task in job.Tasks)
                {
                    if (Problem(task, registry, lossBeingHandled) is { } problem)
                    {
                        return $"task {task.Index} of {job.Id} {problem}";
                    }
                }
                if (JobEndInterleavingTests.Hung(job, view) is { } hung)
                {
                    return hung;
                }
            }
            return null;
        });

    /// <summary>The live executors on <paramref name="nodes"/> take every task they are given and succeed, until the job ends; returns its record.</summary>
    public static JobRecord FinishWith(JobManager jobs, string jobId, params string[] nodes)
    {
        for (var round = 0; round < 10 && jobs.Get(jobId)!.State == "running"; round++)
        {
            foreach (var node in nodes)
            {
                while (jobs.Pull(node) is { } task)
                {
                    jobs.Report(SchedulerCore.Outcome(task, succeeded: true));
                }
            }
        }
        return jobs.Get(jobId)!;
    }

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
