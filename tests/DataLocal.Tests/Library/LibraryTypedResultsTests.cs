using DataLocal.Client.Jobs;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;
using DataLocal.Tests.Reference;

namespace DataLocal.Tests.Library;

/// <summary>Typed results through the library, end to end: a job over a real Parquet file, its values read back as .NET values of each column's SQL type.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class LibraryTypedResultsTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task ReadResultRecordsAsync_GivesEachColumnsSqlType_AndTypedValues()
    {
        var local = Path.Combine(Path.GetTempPath(), $"datalocal-typed-{Environment.ProcessId}-{Guid.NewGuid():N}.parquet");
        try
        {
            DuckDb.Query($"""
                COPY (SELECT * FROM (VALUES
                        ((-9223372036854775808)::BIGINT, -0.0::DOUBLE, 'a, "quoted"', DATE '2024-02-29', true, 12.30::DECIMAL(9,2), 7::INTEGER),
                        (2, 1e-300, NULL, DATE '0001-01-01', false, -0.05, NULL),
                        (3, 'NaN'::DOUBLE, 'NULL', DATE '9999-12-31', NULL, NULL, (-2147483648)::INTEGER))
                      AS t(id, x, label, day, ok, amount, n))
                TO '{local}' (FORMAT PARQUET)
                """);
            using var client = fixture.Cluster.CreateClient();
            await client.PutAsync(local, "/lib-typed/t.parquet", new PutOptions(Overwrite: true));

            var id = await client.Jobs.SubmitAsync(
                "SELECT id, x, label, day, ok, amount, n, id + 1 AS next FROM /lib-typed/t.parquet ORDER BY id");
            var job = await client.Jobs.WaitAsync(id);
            Assert.Equal(JobState.Succeeded, job.JobState);
            var rows = new List<JobResultRow>();
            await foreach (var row in client.Jobs.ReadResultRecordsAsync(id))
            {
                rows.Add(row);
            }

            string[] types = ["BIGINT", "DOUBLE", "VARCHAR", "DATE", "BOOLEAN", "DECIMAL(9,2)", "INTEGER", "BIGINT"];
            Assert.Equal(types, job.ColumnSqlTypes);
            Assert.Equal(3, rows.Count);
            Assert.Equal(types, rows[0].ColumnSqlTypes);
            Assert.Equal(["id", "x", "label", "day", "ok", "amount", "n", "next"], rows[0].Columns);

            Assert.Equal(long.MinValue, rows[0]["id"]);
            Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(rows[0].Get<double>("x")));
            Assert.Equal("a, \"quoted\"", rows[0]["label"]);
            Assert.Equal(new DateOnly(2024, 2, 29), rows[0]["day"]);
            Assert.Equal(true, rows[0]["ok"]);
            Assert.Equal(12.3m, rows[0]["amount"]);
            Assert.Equal(7, rows[0]["n"]);
            Assert.Equal(long.MinValue + 1, rows[0]["next"]);

            Assert.Equal(1e-300, rows[1]["x"]);
            Assert.True(rows[1].IsNull("label"));
            Assert.Equal(new DateOnly(1, 1, 1), rows[1]["day"]);
            Assert.Equal(false, rows[1]["ok"]);
            Assert.Equal(-0.05m, rows[1].Get<decimal>("amount"));
            Assert.Null(rows[1].Get<int?>("n"));

            Assert.True(double.IsNaN(rows[2].Get<double>("x")));
            Assert.Equal("NULL", rows[2]["label"]); // the text NULL, not SQL NULL
            Assert.Null(rows[2]["ok"]);
            Assert.Null(rows[2]["amount"]);
            Assert.Equal(int.MinValue, rows[2]["n"]);

            var table = await client.Jobs.ReadResultAsync(id);
            Assert.Equal(types, table.ColumnSqlTypes);
            Assert.Equal(rows.Select(r => r.ToList()), table.Records.Select(r => r.ToList()));
        }
        finally
        {
            File.Delete(local);
        }
    }
}
