namespace DataLocal.EngineBench;

/// <summary>One query of the comparison: its name and its SQL with <c>{f}</c> standing for the file.</summary>
public sealed record EngineQuery(string Name, string Sql);

/// <summary>
/// The queries of issue 8's table, then TPC-H Q1 and Q6 as far as DataLocal's SQL subset says them (no
/// subqueries or joins are needed for these two; Q1's DATE arithmetic is written as its resulting date).
/// ORDER BY lists are total so both engines must return the same rows in the same order.
/// </summary>
public static class EngineQueries
{
    public static readonly IReadOnlyList<EngineQuery> All =
    [
        new("full-scan aggregate",
            "SELECT count(*), sum(l_quantity), avg(l_extendedprice), min(l_discount), max(l_shipdate) FROM {f}"),
        new("selective filter",
            "SELECT * FROM {f} WHERE l_partkey = 4242 AND l_quantity > 10 ORDER BY l_orderkey, l_linenumber"),
        new("GROUP BY 3 keys, 6 aggregates",
            "SELECT l_returnflag, l_linestatus, l_shipmode, count(*), sum(l_quantity), sum(l_extendedprice), avg(l_discount), "
            + "min(l_tax), max(l_shipdate) FROM {f} GROUP BY l_returnflag, l_linestatus, l_shipmode "
            + "ORDER BY l_returnflag, l_linestatus, l_shipmode"),
        new("ORDER BY … LIMIT 10",
            "SELECT l_orderkey, l_linenumber, l_extendedprice FROM {f} ORDER BY l_extendedprice DESC, l_orderkey, l_linenumber LIMIT 10"),
        new("SELECT * with a 1 % filter",
            "SELECT * FROM {f} WHERE l_partkey <= 2000"),
        new("TPC-H Q1",
            "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty, sum(l_extendedprice) AS sum_base_price, "
            + "sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price, "
            + "sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge, avg(l_quantity) AS avg_qty, "
            + "avg(l_extendedprice) AS avg_price, avg(l_discount) AS avg_disc, count(*) AS count_order "
            + "FROM {f} WHERE l_shipdate <= DATE '1998-09-02' GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus"),
        new("TPC-H Q6",
            "SELECT sum(l_extendedprice * l_discount) AS revenue FROM {f} WHERE l_shipdate >= DATE '1994-01-01' "
            + "AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24"),
    ];
}
