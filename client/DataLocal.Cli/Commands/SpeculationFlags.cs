using System.CommandLine;
using System.Globalization;

namespace DataLocal.Cli.Commands;

/// <summary>
/// `cluster start`'s speculative-execution flags, passed through to its namenode as given. Unset,
/// the namenode's own defaults apply (off, 1.5, 0.75, 100ms, 100ms): they are said in one place,
/// `datalocal namenode`.
/// </summary>
public sealed class SpeculationFlags
{
    private readonly Option<bool> _on = new("--speculation") { Description = "Run a second attempt of a straggling task on another node, the first to finish winning, as Spark's spark.speculation (default off)" };
    private readonly Option<double?> _multiplier = new("--speculation-multiplier") { Description = "How many times slower than the median of its job's finished tasks a task must be to be speculated (default 1.5)" };
    private readonly Option<double?> _quantile = new("--speculation-quantile") { Description = "Share of a job's tasks that must have finished before any is speculated (default 0.75)" };
    private readonly Option<string?> _interval = new("--speculation-interval") { Description = "How often running jobs are checked for stragglers (default 100ms)" };
    private readonly Option<string?> _minTaskRuntime = new("--speculation-min-task-runtime") { Description = "Least time a task must have run before it may be speculated (default 100ms)" };

    public IEnumerable<Option> Options => [_on, _multiplier, _quantile, _interval, _minTaskRuntime];

    /// <summary>The namenode flags for the speculation flags given (durations checked here, so a typo fails before anything starts).</summary>
    public IEnumerable<string> NameNodeArguments(ParseResult parse)
    {
        if (parse.GetValue(_on))
        {
            yield return "--speculation";
        }
        if (parse.GetValue(_multiplier) is { } multiplier)
        {
            yield return "--speculation-multiplier";
            yield return multiplier.ToString(CultureInfo.InvariantCulture);
        }
        if (parse.GetValue(_quantile) is { } quantile)
        {
            yield return "--speculation-quantile";
            yield return quantile.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (option, name) in new[] { (_interval, "--speculation-interval"), (_minTaskRuntime, "--speculation-min-task-runtime") })
        {
            if (parse.GetValue(option) is { } text)
            {
                yield return name;
                yield return DurationText.Parse(text).TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
            }
        }
    }
}
