using DataLocal.Common.Parquet;
using System.Globalization;
using Parquet;

namespace DataLocal.Client.Parquet;

/// <summary>
/// Decodes row groups of a structurally valid file with Parquet.Net, the library jobs read with, to learn
/// whether it supports the file's features. Parquet.Net runs on a dedicated background thread and is
/// abandoned at the deadline: its <c>ParquetReader.CreateAsync</c> ignores cancellation and can spin forever,
/// which no token can stop, but a background thread does not keep the process alive.
/// </summary>
internal static class ParquetDecodeProbe
{
    /// <summary>Returns null when the row groups decode, otherwise one line naming what failed.</summary>
    public static async Task<string?> ProbeAsync(
        string path, IReadOnlyList<int> rowGroups, TimeSpan timeLimit, CancellationToken cancellationToken)
    {
        if (rowGroups.Count == 0)
        {
            return null;
        }
        var outcome = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Run(path, rowGroups, outcome, cancellationToken))
        {
            IsBackground = true,
            Name = "parquet-decode-probe",
        };
        thread.Start();
        try
        {
            return await outcome.Task.WaitAsync(timeLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Parquet.Net 6.1.0 did not finish decoding within {timeLimit.TotalSeconds:0.###} s");
        }
    }

    private static void Run(string path, IReadOnlyList<int> rowGroups, TaskCompletionSource<string?> outcome, CancellationToken cancellationToken)
    {
        var stage = "opening the file";
        try
        {
            // Every read completes synchronously, so the library's async code runs start to end on this thread.
            DecodeAsync(path, rowGroups, s => stage = s, cancellationToken).GetAwaiter().GetResult();
            outcome.TrySetResult(null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome.TrySetCanceled(cancellationToken);
        }
#pragma warning disable CA1031 // Any failure of the third-party decoder means "unsupported"; it is reported, not rethrown.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var message = e.Message.ReplaceLineEndings(" ");
            outcome.TrySetResult($"Parquet.Net 6.1.0 cannot decode it ({stage}): {e.GetType().Name}: {message}");
        }
    }

    private static async Task DecodeAsync(string path, IReadOnlyList<int> rowGroups, Action<string> setStage, CancellationToken cancellationToken)
    {
        await using var stream = new SynchronousReadStream(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.None));
        await using var reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken);
        var fields = reader.Schema.GetDataFields();
        foreach (var index in rowGroups)
        {
            using var rowGroup = reader.OpenRowGroupReader(index);
            foreach (var field in fields)
            {
                setStage($"row group {index}, column '{field.Path}'");
                using var data = await rowGroup.ReadRawColumnDataBaseAsync(field, cancellationToken);
            }
        }
    }
}
