namespace DataLocal.NameNode.Scheduling;

/// <summary>Names one attempt of one task of one job, as executors and the scheduler both refer to it.</summary>
public readonly record struct AttemptKey(string JobId, int TaskIndex, int Attempt);
