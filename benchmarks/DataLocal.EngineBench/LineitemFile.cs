using System.Globalization;
using DuckDB.NET.Data;

namespace DataLocal.EngineBench;

/// <summary>
/// Writes the benchmark's lineitem file with DuckDB: TPC-H's dbgen (the <c>tpch</c> extension) when it loads,
/// otherwise lineitem-shaped rows from <c>range()</c> with dbgen's value ranges (the extension is not bundled
/// with DuckDB.NET and cannot be downloaded offline). Either way the columns have the same types — BIGINT keys
/// and quantity, DOUBLE prices and rates, DATE dates, VARCHAR flags and text — in Snappy-compressed row
/// groups of <see cref="RowGroupRows"/> rows.
/// </summary>
public static class LineitemFile
{
    public const int RowGroupRows = 50_000;

    /// <summary>Creates <paramref name="path"/> with <paramref name="rows"/> rows unless it exists; returns how it was made.</summary>
    public static string Create(string path, long rows)
    {
        var sourceFile = path + ".source";
        if (File.Exists(path) && File.Exists(sourceFile))
        {
            return File.ReadAllText(sourceFile);
        }
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var source = TryDbgen(connection, rows) ? "DuckDB tpch extension, dbgen" : "DuckDB SQL over range() with random() (tpch extension unavailable offline)";
        if (!source.StartsWith("DuckDB tpch", StringComparison.Ordinal))
        {
            Execute(connection, "SELECT setseed(0.42)");
            Execute(connection, "CREATE TABLE lineitem AS " + SyntheticSql(rows));
        }
        var target = path.Replace("'", "''", StringComparison.Ordinal);
        Execute(connection, string.Create(CultureInfo.InvariantCulture, $"""
            COPY (SELECT l_orderkey::BIGINT AS l_orderkey, l_partkey::BIGINT AS l_partkey, l_suppkey::BIGINT AS l_suppkey,
                         l_linenumber::INTEGER AS l_linenumber, l_quantity::BIGINT AS l_quantity, l_extendedprice::DOUBLE AS l_extendedprice,
                         l_discount::DOUBLE AS l_discount, l_tax::DOUBLE AS l_tax, l_returnflag, l_linestatus, l_shipdate, l_commitdate,
                         l_receiptdate, l_shipinstruct, l_shipmode, l_comment
                  FROM lineitem ORDER BY l_orderkey, l_linenumber LIMIT {rows})
            TO '{target}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE {RowGroupRows})
            """));
        File.WriteAllText(sourceFile, source);
        return source;
    }

    private static bool TryDbgen(DuckDBConnection connection, long rows)
    {
        try
        {
            Execute(connection, "LOAD tpch");
            // Scale factor 1 is 6,001,215 lineitem rows; a little more than needed, cut by LIMIT.
            var scale = Math.Max(0.01, rows / 5_900_000.0);
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"CALL dbgen(sf={scale:0.####})"));
            return true;
        }
        catch (DuckDBException)
        {
            return false;
        }
    }

    // dbgen's ranges: 1-7 lines per order, part keys up to 200,000 (SF 1), quantities 1-50, discounts 0-0.10,
    // taxes 0-0.08, ship 1-121 days after the order, receipt 1-30 days after shipping, return flag R/A for rows
    // received by 1995-06-17 and N after, line status O for rows shipped after it.
    private static string SyntheticSql(long rows) => string.Create(CultureInfo.InvariantCulture, $"""
        WITH orders AS (
            SELECT o AS orderkey, 1 + floor(random() * 7)::INTEGER AS lines,
                   DATE '1992-01-01' + floor(random() * 2405)::INTEGER AS orderdate
            FROM range(1, {rows / 3}) t(o)),
        items AS (
            SELECT orderkey, orderdate, l AS linenumber, 1 + floor(random() * 200000)::BIGINT AS partkey,
                   1 + floor(random() * 50)::BIGINT AS quantity, floor(random() * 11) / 100 AS discount,
                   floor(random() * 9) / 100 AS tax, orderdate + (1 + floor(random() * 121))::INTEGER AS shipdate,
                   (1 + floor(random() * 30))::INTEGER AS receiptdelay, (30 + floor(random() * 61))::INTEGER AS commitdelay,
                   random() AS flagdraw, floor(random() * 4)::INTEGER AS instruct, floor(random() * 7)::INTEGER AS mode,
                   floor(random() * 24)::INTEGER AS w1, floor(random() * 24)::INTEGER AS w2, floor(random() * 24)::INTEGER AS w3
            FROM orders, range(1, lines + 1) r(l))
        SELECT orderkey AS l_orderkey, partkey AS l_partkey, 1 + (partkey * 7 + linenumber) % 10000 AS l_suppkey,
               linenumber AS l_linenumber, quantity AS l_quantity,
               round(quantity * (900 + (partkey / 10) % 201 + (partkey % 1000)), 2) AS l_extendedprice,
               discount AS l_discount, tax AS l_tax,
               CASE WHEN shipdate + receiptdelay <= DATE '1995-06-17' THEN (CASE WHEN flagdraw < 0.5 THEN 'R' ELSE 'A' END) ELSE 'N' END AS l_returnflag,
               CASE WHEN shipdate > DATE '1995-06-17' THEN 'O' ELSE 'F' END AS l_linestatus,
               shipdate AS l_shipdate, orderdate + commitdelay AS l_commitdate, shipdate + receiptdelay AS l_receiptdate,
               ['DELIVER IN PERSON', 'COLLECT COD', 'NONE', 'TAKE BACK RETURN'][instruct + 1] AS l_shipinstruct,
               ['REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'][mode + 1] AS l_shipmode,
               concat_ws(' ', w[w1 + 1], w[w2 + 1], w[w3 + 1]) AS l_comment
        FROM items, (SELECT ['furiously', 'sly', 'careful', 'blithe', 'quick', 'fluffy', 'slow', 'quiet', 'ruthless', 'thin',
                             'close', 'dogged', 'daring', 'brave', 'stealthy', 'permanent', 'enticing', 'idle', 'busy',
                             'regular', 'final', 'ironic', 'even', 'bold'] AS w)
        """);

    private static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
