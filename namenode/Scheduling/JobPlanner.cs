using DataLocal.Common.Parquet;
using DataLocal.Common.Paths;
using DataLocal.NameNode.Namespace;
using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// Turns a query's FROM path into tasks: one per block of each Parquet file, minus the blocks
/// whose statistics prove the WHERE clause cannot match. Each file's footer is checked first, so a query
/// naming a column the file lacks, or mixing types, is refused before any pruning.
/// </summary>
public sealed class JobPlanner(NamespaceManager namespaceManager, ExternalParquetSource external, ExternalSourcePolicy externalPolicy)
{
    /// <returns>
    /// The tasks to run; none, with <c>MetadataAnswer</c> set, when the stored row counts and statistics answer
    /// the query themselves (<see cref="IJobQuery.AnswerFromMetadata"/>): then no block is read.
    /// </returns>
    public async Task<(IReadOnlyList<JobTask> Tasks, int BlocksTotal, int BlocksSkipped, byte[]? MetadataAnswer)> PlanAsync(IJobQuery query, CancellationToken cancellationToken)
    {
        if (query.Source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || query.Source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var (external, externalTotal, externalSkipped) = await PlanExternalAsync(query, cancellationToken).ConfigureAwait(false);
            return (external, externalTotal, externalSkipped, null);
        }
        var files = ResolveFiles(query.Source);
        var tasks = new List<JobTask>();
        var total = 0;
        foreach (var file in files)
        {
            var footer = file.ParquetFooter ?? [];
            // Names and types are checked against every file before any block is pruned: a wrong query fails
            // even when statistics leave no task to run.
            var mightMatch = query.CheckFile(footer);
            foreach (var block in file.Blocks)
            {
                total++;
                if (block.RowCount == 0 && block.RowGroupCount == 0 || !mightMatch(block.Columns))
                {
                    continue;
                }
                tasks.Add(new JobTask(tasks.Count, new TaskInput(
                    file.Path, block.BlockId, block.Offset, block.Length, block.FirstRowGroup, block.RowGroupCount, file.Length, footer)));
            }
        }
        if (tasks.Count > 0 && query.AnswerFromMetadata(files) is { } answer)
        {
            return ([], total, total, answer);
        }
        return (tasks, total, total - tasks.Count, null);
    }

    // An external file has no blocks: each row group is a task's range (block size 1 makes every row
    // group a "block" of its own), which spreads a remote file over every free slot.
    private async Task<(IReadOnlyList<JobTask> Tasks, int BlocksTotal, int BlocksSkipped)> PlanExternalAsync(IJobQuery query, CancellationToken cancellationToken)
    {
        // Checked before the first byte is fetched, by this namenode or any datanode.
        var addresses = await externalPolicy.CheckAsync(query.Source, cancellationToken).ConfigureAwait(false);
        var layout = await external.ReadLayoutAsync(query.Source, addresses, cancellationToken).ConfigureAwait(false);
        var ranges = ParquetBlockSplitter.Split(layout, blockSize: 1);
        var mightMatch = query.CheckFile(layout.Footer);
        var tasks = new List<JobTask>();
        foreach (var range in ranges.Where(r => r.RowGroupCount > 0))
        {
            var statistics = range.Columns.Select(c => new ColumnStatisticsRecord { Column = c.Column, Min = c.Min, Max = c.Max, NullCount = c.NullCount }).ToList();
            if (!mightMatch(statistics))
            {
                continue;
            }
            tasks.Add(new JobTask(tasks.Count, new TaskInput(
                query.Source, 0, range.Offset, range.Length, range.FirstRowGroup, range.RowGroupCount, layout.FileLength, layout.Footer, query.Source)
            {
                UrlAddresses = [.. addresses.Select(a => a.ToString())],
            }));
        }
        return (tasks, ranges.Count, ranges.Count - tasks.Count);
    }

    /// <summary>
    /// Names under the directory that start with '_' or '.' are not data (a job's _SUCCESS marker,
    /// staging directories), and are skipped as Hadoop's and Spark's file inputs skip them.
    /// </summary>
    private static bool IsHidden(string file, string directory) =>
        file[(directory == DataLocalPath.Root ? 1 : directory.Length + 1)..].Split('/').Any(name => name.StartsWith('_') || name.StartsWith('.'));

    private List<INodeRecord> ResolveFiles(string source)
    {
        string path;
        try
        {
            path = DataLocalPath.Normalize(source);
        }
        catch (InvalidPathException ex)
        {
            throw new InvalidQueryException($"FROM {source}: {ex.Message}", ex);
        }
        var node = namespaceManager.Find(path)
            ?? throw new InvalidQueryException($"FROM {path}: No such file or directory");
        var files = node.IsDirectory
            ? namespaceManager.AllFiles().Where(f => DataLocalPath.IsSameOrDescendant(f.Path, path) && !IsHidden(f.Path, path)).OrderBy(f => f.Path, StringComparer.Ordinal).ToList()
            : [node];
        if (files.Count == 0)
        {
            throw new InvalidQueryException($"FROM {path}: the directory holds no files");
        }
        var notParquet = files.FirstOrDefault(f => !f.IsParquet);
        if (notParquet is not null)
        {
            throw new InvalidQueryException($"FROM {path}: {notParquet.Path} is not a Parquet file; jobs read Parquet only");
        }
        return files;
    }
}
