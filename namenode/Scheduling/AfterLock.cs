namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// The slow work a scheduler call finds to do while it holds the scheduler's lock, done by the same
/// call once it has released the lock: output blocks of an ended job to discard, a job to merge or
/// commit, a result stored for a job that was killed meanwhile. (Job records to store go to the
/// <see cref="JobRecordJournal"/>, which keeps their order across calls.)
/// </summary>
internal sealed class AfterLock
{
    public List<long> Discards { get; } = [];

    public FinishWork? Finish { get; set; }

    public string? DeleteResultOf { get; set; }
}
