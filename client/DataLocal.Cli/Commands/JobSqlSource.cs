using System.CommandLine;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Where `job submit` takes its SQL from: the positional argument, `-e SQL` (as `hive -e`, `mysql -e`),
/// or `-f FILE` (as `hive -f`, `psql -f`) for a query kept in a file, `-f -` for standard input (as `psql -f -`,
/// so a query can be piped in); exactly one of them.
/// </summary>
public sealed class JobSqlSource
{
    public Argument<string?> Positional { get; } = new("SQL")
    {
        Description = "SELECT … FROM /path [WHERE …] [GROUP BY …] [ORDER BY …] [LIMIT n] (or give it with -e or -f)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Execute { get; } = new("--execute", "-e") { Description = "The SQL to run, as an option (same as the SQL argument)" };

    public Option<string?> File { get; } = new("--file", "-f") { Description = "Read the SQL from this local file (- for standard input)" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Positional);
        command.Options.Add(Execute);
        command.Options.Add(File);
    }

    /// <summary>The one SQL text given; a <see cref="UsageException"/> when none or more than one is.</summary>
    public async Task<string> ReadAsync(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        var positional = parse.GetValue(Positional);
        var execute = parse.GetValue(Execute);
        var file = parse.GetValue(File);
        var given = new[] { positional, execute, file }.Count(v => v is not null);
        if (given != 1)
        {
            throw new UsageException(given == 0
                ? "job submit needs the SQL: as an argument, with -e SQL, or with -f FILE, e.g. datalocal job submit --wait -e \"SELECT count(*) FROM /data\""
                : "job submit takes the SQL once: as an argument, with -e SQL, or with -f FILE, not more than one of them");
        }
        var sql = file switch
        {
            null => positional ?? execute!,
            "-" => await ReadStandardInputAsync(console, ct).ConfigureAwait(false),
            _ => await ReadFileAsync(file, ct).ConfigureAwait(false),
        };
        return string.IsNullOrWhiteSpace(sql)
            ? throw new UsageException(file switch
            {
                null => "the SQL is empty; give a SELECT statement",
                "-" => "-f -: standard input held no SQL; pipe a query in, e.g. echo \"SELECT count(*) FROM /data\" | datalocal job submit --wait -f -",
                _ => $"-f {file}: the file holds no SQL",
            })
            : sql;
    }

    private static async Task<string> ReadStandardInputAsync(CliConsole console, CancellationToken ct)
    {
        using var reader = new StreamReader(console.OpenStandardInput());
        return (await reader.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
    }

    private static async Task<string> ReadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            // Trimmed: the trailing newline an editor leaves is no part of the query (a trailing ';' the parser takes).
            return (await System.IO.File.ReadAllTextAsync(path, ct).ConfigureAwait(false)).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UsageException($"-f {path}: No such file; give the path of a file holding the SQL");
        }
    }
}
