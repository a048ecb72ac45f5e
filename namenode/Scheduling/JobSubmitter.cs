namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Who submits a job, and the check that they may read its input and write its output: called with the
/// query's FROM path (or URL) and the output directory once both are known, before any task is planned.
/// The check throws to refuse.
/// </summary>
public sealed record JobSubmitter(string User, Action<string, string?> CheckAccess);
