using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>What a task hands back: its partial result, the rows it scanned and the rows that passed the filter.</summary>
public sealed record TaskOutput(PartialResult Result, long RowsIn, long RowsOut);
