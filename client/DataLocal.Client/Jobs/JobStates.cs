namespace DataLocal.Client.Jobs;

/// <summary>Where a job is in its life.</summary>
public enum JobState
{
    /// <summary>A state this client does not know (a newer namenode's).</summary>
    Unknown,

    /// <summary>Submitted and not yet ended: tasks are pending or running.</summary>
    Running,

    /// <summary>Every task succeeded; the result (or the output directory) is complete.</summary>
    Succeeded,

    /// <summary>A task failed past its attempts, the job timed out, or its result grew too big; see <see cref="JobInfo.Error"/>.</summary>
    Failed,

    /// <summary>Killed by its submitter or an admin.</summary>
    Killed,
}

/// <summary>How one task attempt ended, or that it has not yet.</summary>
public enum TaskOutcome
{
    /// <summary>An outcome this client does not know (a newer namenode's).</summary>
    Unknown,

    /// <summary>Still running.</summary>
    Running,

    /// <summary>Finished and delivered its rows.</summary>
    Succeeded,

    /// <summary>Ended with an error; the task is retried up to its job's attempts.</summary>
    Failed,

    /// <summary>Stopped: its job was killed or timed out, or it lost a race with a speculative copy.</summary>
    Killed,

    /// <summary>Its datanode died or stopped answering while it ran.</summary>
    Lost,
}

/// <summary>How close a task ran to its block (Spark's and Hadoop's locality levels).</summary>
public enum TaskLocality
{
    /// <summary>A level this client does not know.</summary>
    Unknown,

    /// <summary>On a datanode holding a replica of the block: read from local disk.</summary>
    NodeLocal,

    /// <summary>On another node in the same rack as a replica.</summary>
    RackLocal,

    /// <summary>Anywhere else: the block crossed racks.</summary>
    Any,
}

/// <summary>The wire's state words as enums.</summary>
internal static class JobStateNames
{
    public static JobState ToJobState(string state) => state switch
    {
        "running" => JobState.Running,
        "succeeded" => JobState.Succeeded,
        "failed" => JobState.Failed,
        "killed" => JobState.Killed,
        _ => JobState.Unknown,
    };

    public static TaskOutcome ToTaskOutcome(string outcome) => outcome switch
    {
        "running" => TaskOutcome.Running,
        "succeeded" => TaskOutcome.Succeeded,
        "failed" => TaskOutcome.Failed,
        "killed" => TaskOutcome.Killed,
        "lost" => TaskOutcome.Lost,
        _ => TaskOutcome.Unknown,
    };

    public static TaskLocality ToTaskLocality(string locality) => locality switch
    {
        "NODE_LOCAL" => TaskLocality.NodeLocal,
        "RACK_LOCAL" => TaskLocality.RackLocal,
        "ANY" => TaskLocality.Any,
        _ => TaskLocality.Unknown,
    };
}
