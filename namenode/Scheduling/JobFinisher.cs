using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// What a job whose tasks have all succeeded needs to end, taken from it under the scheduler's
/// lock: its query and partial results to merge, or the parts to commit. The partials move here
/// from the tasks, so they can be dropped as soon as they are merged.
/// </summary>
public sealed class FinishWork(Job job, IJobQuery query, List<byte[]>? partials, StagedOutput? output)
{
    public Job Job { get; } = job;

    public IJobQuery Query { get; } = query;

    public List<byte[]>? Partials { get; set; } = partials;

    public StagedOutput? Output { get; } = output;
}

/// <summary>
/// How a finish turned out, to apply to the job under the scheduler's lock: its result (stored in
/// the job history already) or the one line it fails with. <see cref="OutputCommitted"/> is true
/// once the output directory is visible, even when a later step failed: its blocks then belong to files.
/// </summary>
public sealed record FinishOutcome(JobResult? Result, long ResultBytes, string? Error, bool OutputCommitted)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Responsible for the slow end of a job, run outside the scheduler's lock so pulls, reports and
/// status queries of every other job go on meanwhile: merges the partials (or commits the output
/// directory), checks the result against --max-result-size, and stores it in the job history.
/// Whatever goes wrong becomes the job's error: a job left running with nothing to run would hang
/// its client for ever.
/// </summary>
public sealed class JobFinisher(JobOutputWriter outputs, JobHistory history, IOptions<NameNodeOptions> options, ILogger logger)
{
    public FinishOutcome Run(FinishWork work)
    {
        var committed = false;
        try
        {
            JobResult result;
            if (work.Output is { } staged)
            {
                var files = outputs.Commit(staged);
                committed = true;
                result = outputs.AfterCommit(staged, files);
            }
            else
            {
                result = work.Query.Merge(work.Partials ?? []);
                // Merged: the partials go now, before the merged rows are encoded and stored.
                work.Partials = null;
            }
            var bytes = ResultSizeLimit.TextBytes(result);
            if (bytes > options.Value.MaxResultSize)
            {
                return new FinishOutcome(null, bytes, ResultSizeLimit.ExceededMessage(options.Value.MaxResultSize, bytes), committed);
            }
            history.SaveResult(work.Job.Id, result);
            return new FinishOutcome(result, bytes, null, committed);
        }
        catch (Exception ex) when (ex is InvalidQueryException or Namespace.NamespaceException)
        {
            return new FinishOutcome(null, 0, ex.Message, committed);
        }
#pragma warning disable CA1031 // any failure of a merge or a commit ends the job with its reason
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.JobFinishFailed(work.Job.Id, ex);
            return new FinishOutcome(null, 0, $"the namenode could not {(work.Output is null ? "merge the results" : "commit the output")}: {ex.Message}", committed);
        }
    }
}
