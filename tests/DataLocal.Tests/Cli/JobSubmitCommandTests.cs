using System.Globalization;
using System.Text.Json;
using DataLocal.Cli;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Jobs;
using DataLocal.Tests.Reference;
using Microsoft.VisualBasic.FileIO;

namespace DataLocal.Tests.Cli;

/// <summary>
/// `job submit` and `job status` as a person or a script uses them: the SQL from an argument, -e or -f,
/// the result as a table, CSV, TSV or typed JSON, checked against DuckDB's answers and read back by parsers nobody here wrote.
/// </summary>
[Collection(JobClusterDefinition.Name)]
public sealed class JobSubmitCommandTests(JobClusterFixture fixture)
{
    private const string GroupedSql = "SELECT gender, count(*), round(sum(salary), 2) FROM /jobs/userdata1.parquet GROUP BY gender ORDER BY gender";

    private static string UserData => TestData.Parquet("userdata1.parquet");

    private static List<string[]> DuckDbAnswer(string sql) => DuckDb.Query(sql.Replace("/jobs/userdata1.parquet", DuckDb.File(UserData), StringComparison.Ordinal));

    [Fact]
    public async Task Submit_SqlFromFileOrExecuteOption_SameResultAsTheArgument()
    {
        var file = Path.Combine(Files.TempDirectory(), "query.sql");
        await File.WriteAllTextAsync(file, "-- kept in a file\n" + GroupedSql + ";\n");

        var positional = await Run("job", "submit", "--wait", "--format", "csv", GroupedSql);
        var execute = await Run("job", "submit", "--wait", "--format", "csv", "-e", GroupedSql);
        var fromFile = await Run("job", "submit", "--wait", "--format", "csv", "-f", file);

        Assert.True(positional.Code == 0, positional.Error);
        Assert.Equal((0, positional.Output), (execute.Code, execute.Output));
        Assert.Equal((0, positional.Output), (fromFile.Code, fromFile.Output));
        // The query from the file spans lines; `job list` still gives each job one line.
        var list = await Run("job", "list");
        Assert.All(list.Output.TrimEnd('\n').Split('\n').Skip(1), line => Assert.StartsWith("job_", line, StringComparison.Ordinal));
        Assert.Contains("-- kept in a file SELECT gender", list.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SqlFromStandardInputWithFileDash_SameResultAsTheArgument()
    {
        var positional = await Run("job", "submit", "--wait", "--format", "csv", GroupedSql);

        var piped = await RunWithInput(GroupedSql + "\n", "job", "submit", "--wait", "--format", "csv", "-f", "-");
        var empty = await RunWithInput("  \n", "job", "submit", "--wait", "-f", "-");

        Assert.True(positional.Code == 0, positional.Error);
        Assert.Equal((0, positional.Output), (piped.Code, piped.Output));
        Assert.Equal(2, empty.Code);
        Assert.StartsWith("datalocal: -f -: standard input held no SQL", Assert.Single(empty.Error.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("job submit needs the SQL")]
    [InlineData("job submit takes the SQL once", "-e", "SELECT count(*) FROM /jobs/userdata1.parquet", "SELECT 1")]
    [InlineData("-f /no/such/query.sql: No such file", "-f", "/no/such/query.sql")]
    [InlineData("--format csv prints the result, which only --wait waits for", "--format", "csv", "-e", "SELECT count(*) FROM /jobs/userdata1.parquet")]
    public async Task Submit_NoSqlTwoMissingFileOrFormatWithoutWait_OneUsageLine(string expected, params string[] args)
    {
        var (code, output, error) = await Run(["job", "submit", .. args]);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal($"datalocal: {expected}", error.TrimEnd('\n')[..(expected.Length + 11)]);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    /// <summary>Every block is pruned by `id < 0`, so no task would ever read a row: the namenode checks the footer at submit.</summary>
    [Theory]
    [InlineData("SELECT nosuch FROM /jobs/userdata1.parquet WHERE id < 0", "nosuch")]
    [InlineData("SELECT sum(first_name) FROM /jobs/userdata1.parquet WHERE id < 0", "sum")]
    public async Task Submit_UnknownColumnOrTypeErrorEvenWithEveryBlockPruned_OneLineAndNoJob(string sql, string named)
    {
        var before = await Run("job", "list", "--json");

        var (code, output, error) = await Run("job", "submit", "--wait", sql);

        Assert.Equal(1, code);
        Assert.Empty(output);
        var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("datalocal: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        var after = await Run("job", "list", "--json");
        Assert.Equal(JobCount(before.Output), JobCount(after.Output));
    }

    private static int JobCount(string listJson)
    {
        using var json = JsonDocument.Parse(listJson);
        return json.RootElement.GetArrayLength();
    }

    [Fact]
    public async Task Submit_FormatCsv_Rfc4180RowsThatAParserReadsBackAsDuckDbsValues()
    {
        // Titles and comments hold commas, quotes and other text that must be quoted to survive.
        const string sql = "SELECT id, title, comments FROM /jobs/userdata1.parquet WHERE id <= 300 ORDER BY id";

        var (code, output, error) = await Run("job", "submit", "--wait", "--format", "csv", sql);

        Assert.True(code == 0, error);
        Assert.Contains("\r\n", output, StringComparison.Ordinal);
        using var parser = new TextFieldParser(new StringReader(output)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData)
        {
            rows.Add(parser.ReadFields()!);
        }
        Assert.Equal(["id", "title", "comments"], rows[0]);
        var expected = DuckDbAnswer(sql).Select(r => r.Select(v => v == "NULL" ? string.Empty : v).ToArray()).ToList();
        Assert.Contains(expected, r => r.Any(v => v.Contains(',', StringComparison.Ordinal) || v.Contains('"', StringComparison.Ordinal)));
        Assert.Equal(expected, rows.Skip(1));
        Assert.Contains("succeeded", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_FormatTsv_OneLinePerRowNullAsBackslashN()
    {
        var (code, output, error) = await Run("job", "submit", "--wait", "--format", "tsv", GroupedSql);

        Assert.True(code == 0, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal("gender\tcount_star()\tround(sum(salary), 2)", lines[0]);
        var expected = DuckDbAnswer(GroupedSql).Select(r => string.Join('\t', r.Select(v => v == "NULL" ? @"\N" : v))).ToList();
        Assert.Equal(expected, lines.Skip(1));
    }

    [Fact]
    public async Task Submit_FormatJson_NumbersAsNumbersNullAsNullMatchingDuckDb()
    {
        var (code, output, error) = await Run("job", "submit", "--wait", "--format", "json", GroupedSql);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        var expected = DuckDbAnswer(GroupedSql);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var gender = rows[i].GetProperty("gender");
            Assert.Equal(expected[i][0], gender.ValueKind == JsonValueKind.Null ? "NULL" : gender.GetString());
            Assert.Equal(JsonValueKind.Number, rows[i].GetProperty("count_star()").ValueKind);
            Assert.Equal(long.Parse(expected[i][1], CultureInfo.InvariantCulture), rows[i].GetProperty("count_star()").GetInt64());
            var sum = rows[i].GetProperty("round(sum(salary), 2)");
            Assert.Equal(expected[i][2], sum.ValueKind == JsonValueKind.Null ? "NULL" : sum.GetDecimal().ToString(CultureInfo.InvariantCulture));
        }
        Assert.Contains(rows, r => r.GetProperty("gender").ValueKind == JsonValueKind.Null || r.GetProperty("gender").GetString() == string.Empty);
    }

    [Fact]
    public async Task Status_Json_RowsTypedAsWithFormatJson()
    {
        var submit = await Run("job", "submit", "--wait", "-e", GroupedSql);
        Assert.True(submit.Code == 0, submit.Error);
        using var list = JsonDocument.Parse((await Run("job", "list", "--json")).Output);
        var id = list.RootElement[0].GetProperty("jobId").GetString()!;

        var (code, output, _) = await Run("job", "status", id, "--json");

        Assert.Equal(0, code);
        using var status = JsonDocument.Parse(output);
        var rows = status.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var expected = DuckDbAnswer(GroupedSql);
        Assert.Equal(expected.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Number, r[1].ValueKind));
        Assert.Equal(expected.Select(r => r[1]), rows.Select(r => r[1].GetInt64().ToString(CultureInfo.InvariantCulture)));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.String, r[0].ValueKind));
    }

    [Fact]
    public async Task Status_Json_DurationsAreSecondsAsNumbers()
    {
        var submit = await Run("job", "submit", "--wait", "--json", "-e", "SELECT count(*) FROM /jobs/userdata1.parquet WHERE id > 10");
        Assert.True(submit.Code == 0, submit.Error);
        using var submitted = JsonDocument.Parse(submit.Output);
        var id = submitted.RootElement.GetProperty("job").GetProperty("jobId").GetString()!;
        Assert.All(submitted.RootElement.GetProperty("tasks").EnumerateArray(), t => Assert.Equal(JsonValueKind.Number, t.GetProperty("duration").ValueKind));

        var (code, output, _) = await Run("job", "status", id, "--json");

        Assert.Equal(0, code);
        using var status = JsonDocument.Parse(output);
        var duration = status.RootElement.GetProperty("duration");
        Assert.Equal(JsonValueKind.Number, duration.ValueKind);
        Assert.InRange(duration.GetDouble(), 0, 120);
    }

    [Fact]
    public async Task Submit_OutputSucceeded_EmptySuccessMarkerBesideTheParts()
    {
        var (code, _, error) = await Run("job", "submit", "--wait", "--output", "/cli-out/ok", "-e", "SELECT id, salary FROM /jobs/userdata1.parquet WHERE salary > 250000");
        Assert.True(code == 0, error);

        var listing = await Run("fs", "ls", "/cli-out/ok");

        var lines = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"\s0 \S+ \S+ /cli-out/ok/_SUCCESS$", Assert.Single(lines, l => l.EndsWith("/_SUCCESS", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.EndsWith(".parquet", StringComparison.Ordinal));
    }

    /// <summary>The job times out (its cluster runs no task): nothing of its output, and no _SUCCESS, is ever visible.</summary>
    [Fact]
    public async Task Submit_OutputJobFailed_NoSuccessMarkerNorDirectory()
    {
        await using var cluster = await JobAdmissionTests.StartWithoutSlotsAsync();

        var (code, _, _) = await CliRun.RunAsync(cluster, "job", "submit", "--wait", "--timeout", "1s", "--output", "/out", "SELECT a FROM /s.parquet");
        var stat = await CliRun.RunAsync(cluster, "fs", "stat", "/out/_SUCCESS");

        Assert.Equal(1, code);
        Assert.Equal(1, stat.Code);
        Assert.Contains("No such file", stat.Error, StringComparison.Ordinal);
        using var client = cluster.CreateClient();
        Assert.Null(await client.StatAsync("/out"));
    }

    private Task<(int Code, string Output, string Error)> Run(params string[] args) => CliRun.RunAsync(fixture.Cluster, args);

    private async Task<(int Code, string Output, string Error)> RunWithInput(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error) { OpenStandardInput = () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input)) };
        var code = await CliApp.RunAsync([.. args, .. fixture.Cluster.CliConnection], console);
        return (code, output.ToString(), error.ToString());
    }
}
