using System.CommandLine;

namespace DataLocal.Cli.Commands;

/// <summary>
/// Where `job submit` takes its SQL from: the positional argument, `-e SQL` (as `hive -e`, `mysql -e`),
/// or `-f FILE` (as `hive -f`, `psql -f`) for a query kept in a file; exactly one of them.
/// </summary>
public sealed class JobSqlSource
{
    public Argument<string?> Positional { get; } = new("SQL")
    {
        Description = "SELECT … FROM /path [WHERE …] [GROUP BY …] [ORDER BY …] [LIMIT n] (or give it with -e or -f)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<string?> Execute { get; } = new("--execute", "-e") { Description = "The SQL to run, as an option (same as the SQL argument)" };

    public Option<string?> File { get; } = new("--file", "-f") { Description = "Read the SQL from this local file" };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Positional);
        command.Options.Add(Execute);
        command.Options.Add(File);
    }

    /// <summary>The one SQL text given; a <see cref="UsageException"/> when none or more than one is.</summary>
    public async Task<string> ReadAsync(ParseResult parse, CancellationToken ct)
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
        var sql = file is null ? positional ?? execute! : await ReadFileAsync(file, ct).ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(sql)
            ? throw new UsageException(file is null ? "the SQL is empty; give a SELECT statement" : $"-f {file}: the file holds no SQL")
            : sql;
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
