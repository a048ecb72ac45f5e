using DataLocal.Common.Parquet;
using DataLocal.Common.Query;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Query;

/// <summary>
/// Result columns' SQL types: a file's columns named as DuckDB names them when it reads the same file, and
/// a plan's outputs typed from them (exact where a column passes through, from the engine's kind otherwise).
/// </summary>
public sealed class ColumnSqlTypesTests : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"datalocal-sqltypes-{Environment.ProcessId}-{Guid.NewGuid():N}.parquet");

    public ColumnSqlTypesTests()
    {
        DuckDb.Query($"""
            COPY (SELECT 1::BIGINT AS b, 2::INTEGER AS i, 3::SMALLINT AS s, 4::TINYINT AS t, 5::UINTEGER AS ui,
                         6::UTINYINT AS ut, 7::UBIGINT AS ub, 1.5::DOUBLE AS d, 2.5::FLOAT AS f,
                         12.34::DECIMAL(9,2) AS m9, 12.345::DECIMAL(18,3) AS m18, 1.5::DECIMAL(20,4) AS m20,
                         'x' AS v, true AS bo, DATE '2024-02-29' AS day, TIMESTAMP '2024-02-29 01:02:03.456789' AS ts,
                         '2024-02-29 01:02:03.456'::TIMESTAMP_MS AS ts_ms, '2024-02-29 01:02:03.456789123'::TIMESTAMP_NS AS ts_ns,
                         '2024-02-29 01:02:03+00'::TIMESTAMPTZ AS tstz, '2024-02-29 01:02:03'::TIMESTAMP_S AS ts_s)
            TO '{path}' (FORMAT PARQUET)
            """);
    }

    public void Dispose() => File.Delete(path);

    private QuerySchema Schema() => ParquetQuerySchema.FromFooter(ParquetFooterReader.Read(path).Footer);

    [Fact]
    public void FileColumns_AreNamedAsDuckDbDescribesThem()
    {
        var described = DuckDb.Query($"SELECT column_type FROM (DESCRIBE SELECT * FROM {DuckDb.File(path)})").Select(r => r[0]);

        Assert.Equal(described, Schema().Columns.Select(c => c.SqlType));
    }

    [Fact]
    public void Plan_ColumnsPassedThroughKeepTheirType_ComputedOnesTheEnginesKind()
    {
        var plan = QueryPlan.Parse("SELECT i, m9, i + 1 AS next, d * 2 AS twice, m9 * 2 AS more, i / 2 AS half, NULL AS nothing FROM /f.parquet");

        Assert.Equal(
            ["INTEGER", "DECIMAL(9,2)", "BIGINT", "DOUBLE", "DECIMAL", "DOUBLE", null],
            plan.ColumnSqlTypes(Schema()));
    }

    [Fact]
    public void Plan_Star_ExpandsToTheFilesColumns()
    {
        var plan = QueryPlan.Parse("SELECT * FROM /f.parquet");

        Assert.Equal(Schema().Columns.Select(c => c.SqlType), plan.ColumnSqlTypes(Schema()));
    }

    [Fact]
    public void Plan_Aggregates_GroupKeysAndMinMaxKeepTheirType()
    {
        var plan = QueryPlan.Parse(
            "SELECT day, count(*) AS n, min(m9) AS low, max(ts) AS last, avg(i) AS mean, sum(f) AS total, sum(m18) AS money, sum(b) AS big FROM /f.parquet GROUP BY day");

        Assert.Equal(
            ["DATE", "BIGINT", "DECIMAL(9,2)", "TIMESTAMP", "DOUBLE", "DOUBLE", "DECIMAL", null],
            plan.ColumnSqlTypes(Schema()));
    }
}
