using System.Globalization;
using System.Text;

namespace DataLocal.NameNode.Scheduling;

/// <summary>
/// The namenode's guard on result sizes (--max-result-size, as Spark's spark.driver.maxResultSize):
/// measures merged results and words the one line a job fails with when its results are too big.
/// </summary>
public static class ResultSizeLimit
{
    /// <summary>A result's size as the text it is sent as: the UTF-8 bytes of its column names and values.</summary>
    public static long TextBytes(JobResult result) =>
        result.Columns.Sum(c => (long)Encoding.UTF8.GetByteCount(c))
        + result.Rows.Sum(r => r.Sum(v => v is null ? 0L : Encoding.UTF8.GetByteCount(v)));

    public static string ExceededMessage(long limit, long soFar) =>
        $"job results are larger than --max-result-size {FlagValue(limit)} ({Human(soFar)} so far); write them into the cluster with `job submit --output DIR`, or raise the limit (namenode --max-result-size)";

    /// <summary>As the flag takes it, so the message can be copied: 256MB, 1GB, 1536KB.</summary>
    public static string FlagValue(long bytes) => bytes switch
    {
        _ when bytes % (1L << 30) == 0 => Invariant($"{bytes >> 30}GB"),
        _ when bytes % (1L << 20) == 0 => Invariant($"{bytes >> 20}MB"),
        _ when bytes % (1L << 10) == 0 => Invariant($"{bytes >> 10}KB"),
        _ => Invariant($"{bytes}B"),
    };

    /// <summary>Human-readable with one decimal: 1.2 GB, 300.5 MB, 812 B.</summary>
    public static string Human(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? Invariant($"{bytes} B") : Invariant($"{value:0.#} {units[unit]}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
