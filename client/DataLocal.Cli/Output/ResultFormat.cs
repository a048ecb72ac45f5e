using System.CommandLine;

namespace DataLocal.Cli.Output;

/// <summary>How a job's result rows are printed: an aligned table for people, or CSV, TSV or JSON for programs.</summary>
public enum ResultFormat
{
    Table,
    Csv,
    Tsv,
    Json,
}

/// <summary>The `--format` option of the job commands that print results.</summary>
public static class ResultFormatOption
{
    public static Option<string?> Create()
    {
        var option = new Option<string?>("--format")
        {
            Description = "How to print the result rows: table (default), csv (RFC 4180), tsv, or json (an array of objects, numbers as numbers, NULL as null). "
                + "With csv, tsv and json only the rows go to stdout; the job report goes to stderr",
        };
        option.AcceptOnlyFromAmong("table", "csv", "tsv", "json");
        return option;
    }

    /// <summary>The format asked for; null when `--format` was not given.</summary>
    public static ResultFormat? Parse(string? value) => value switch
    {
        null => null,
        "csv" => ResultFormat.Csv,
        "tsv" => ResultFormat.Tsv,
        "json" => ResultFormat.Json,
        _ => ResultFormat.Table,
    };
}
