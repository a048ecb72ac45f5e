using System.Globalization;
using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Runs one task of a query: opens the Parquet input, reads only the referenced columns of the task's row
/// groups, filters them vectorised and returns the partial result. Works on a block (through
/// <see cref="BlockFileStream"/>) or on any seekable stream over a whole file, e.g. a range-reading HTTP
/// stream for external URLs. Whatever Parquet.Net cannot decode becomes <see cref="UnsupportedParquetException"/>.
/// </summary>
public static class BlockQueryExecutor
{
    public static Task<TaskOutput> ExecuteAsync(QueryPlan plan, BlockInput input, CancellationToken cancellationToken) =>
        ExecuteAsync(plan, input, ComputeOptions.Default, cancellationToken);

    public static async Task<TaskOutput> ExecuteAsync(
        QueryPlan plan, BlockInput input, ComputeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var file = new BlockFileStream(input.BlockData, input.BlockOffset, input.FileLength, input.Footer);
        return await ExecuteAsync(plan, file, input.FirstRowGroup, input.RowGroupCount, options, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the task over row groups [<paramref name="firstRowGroup"/>, +<paramref name="rowGroupCount"/>) of
    /// <paramref name="file"/>, a seekable stream over the whole file's address space (the caller owns it).
    /// </summary>
    public static async Task<TaskOutput> ExecuteAsync(
        QueryPlan plan, Stream file, int firstRowGroup, int rowGroupCount, ComputeOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        var limit = new CancellationTokenSource(options.TimeLimit);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        // A dedicated thread: Parquet.Net can spin on bad input and ignore its token, and an abandoned
        // background thread does not hold a pool thread or keep the process alive.
        var work = Task.Factory.StartNew(
            () => BlockTask.RunAsync(plan, file, firstRowGroup, rowGroupCount, options, linked.Token).GetAwaiter().GetResult(),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            return await work.WaitAsync(options.TimeLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new UnsupportedParquetException(string.Create(CultureInfo.InvariantCulture,
                $"decoding did not finish within {options.TimeLimit.TotalSeconds:0.###} s"));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new UnsupportedParquetException(string.Create(CultureInfo.InvariantCulture,
                $"decoding did not finish within {options.TimeLimit.TotalSeconds:0.###} s"));
        }
        finally
        {
            // The sources stay alive while an abandoned decode may still observe them.
            if (work.IsCompleted)
            {
                linked.Dispose();
                limit.Dispose();
            }
        }
    }
}
