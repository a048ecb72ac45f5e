using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Scheduling;

/// <summary>The namenode's view of a parsed query: where it reads, which blocks it can skip, how partials merge.</summary>
public interface IJobQuery
{
    /// <summary>The FROM clause: a cluster path or an http(s) URL.</summary>
    string Source { get; }

    /// <summary>
    /// Checks the query's column names and types against a file's Parquet footer, before any block is pruned,
    /// and throws <see cref="InvalidQueryException"/> with the message a task would give for what cannot run.
    /// Returns the test for that file's blocks: false only when a block's statistics prove no row can match
    /// the WHERE clause.
    /// </summary>
    Func<IReadOnlyList<ColumnStatisticsRecord>, bool> CheckFile(byte[] footer);

    /// <summary>
    /// The query's answer from the files' stored metadata alone (row counts, block statistics), as a partial
    /// result to merge, or null when it needs rows read. Called after <see cref="CheckFile"/> for every file.
    /// </summary>
    byte[]? AnswerFromMetadata(IReadOnlyList<INodeRecord> files) => null;

    /// <summary>Throws <see cref="InvalidQueryException"/> unless each task's selected rows can be written out as they are.</summary>
    void CheckWritableAsOutput();

    /// <summary>Merges the tasks' partial results into the final table (ORDER BY and LIMIT applied).</summary>
    JobResult Merge(IEnumerable<byte[]> partials);
}

/// <summary>Parses SQL into an <see cref="IJobQuery"/>; throws <see cref="InvalidQueryException"/> for what it cannot run.</summary>
public interface IJobQueryParser
{
    IJobQuery Parse(string sql);
}

/// <summary>A query the cluster cannot run; the message says why.</summary>
public sealed class InvalidQueryException(string message, Exception? inner = null) : Exception(message, inner);
