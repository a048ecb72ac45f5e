using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

/// <summary>
/// One hostile query: either answered with <see cref="Expected"/> (rows as "a,b ; c,d"), or refused with a
/// message containing <see cref="RefusedBecause"/>. <see cref="OnCluster"/> marks the representative subset
/// that also runs as a real job.
/// </summary>
public sealed record HostileQuery(string Name, string Sql, string? Expected, string? RefusedBecause, bool OnCluster)
{
    public override string ToString() => Name;
}

/// <summary>
/// Generated queries at and beyond every limit of <see cref="QueryLimits"/> — depth, width, size and literal
/// range — in each clause (SELECT list, WHERE, GROUP BY, ORDER BY, IN, BETWEEN, function calls), over the
/// lineitem file the job cluster stores. Expected answers are derived from DuckDB's answers recorded in
/// <c>testdata/parquet/queries.tsv</c> (count and sum of l_quantity overall, per return flag and for
/// <c>l_shipmode = 'AIR'</c>): each hostile query is written to mean one of those queries.
/// </summary>
public static class HostileQueries
{
    public const string Table = "/jobs/lineitem.parquet";

    private const string CountAndSum = "SELECT count(*), sum(l_quantity) FROM " + Table;

    // DuckDB: SELECT count(*), sum(l_quantity) ... WHERE l_shipmode = 'AIR' (queries.tsv row 2).
    private const long AirCount = 1414;
    private const long AirQuantity = 35892;

    // DuckDB: the per-(returnflag, linestatus) counts and sums of queries.tsv row 1, added up.
    private const long AllCount = 2434 + 70 + 5081 + 2415;
    private const long AllQuantity = 61294 + 1852 + 130564 + 62210;
    private const string ByReturnFlag = "A,2434 ; N,5151 ; R,2415";

    private static readonly string AirResult = $"{AirCount},{AirQuantity}";
    private static readonly string AllResult = $"{AllCount},{AllQuantity}";
    private static readonly string NotAirResult = $"{AllCount - AirCount},{AllQuantity - AirQuantity}";

    private const string TooDeep = "nesting is deeper than 100 levels";
    private const string ChainTooDeep = "deeper than 1,000 levels";
    private const string TooManyNodes = "more than 20,000 expression nodes";
    private const string TooManyTokens = "more than 50,000 tokens";
    private const string TooLong = "over the limit of 1,048,576 (1 MiB)";
    private const string InTooLong = "IN list has more than 10,000 items";

    public static IReadOnlyList<HostileQuery> Corpus { get; } = Build();

    /// <summary>Names of every query, for theories (the SQL itself is too big for a test name).</summary>
    public static TheoryData<string> Names() => new(Corpus.Select(q => q.Name));

    /// <summary>Names of the answered queries.</summary>
    public static TheoryData<string> AnsweredNames() => new(Corpus.Where(q => q.Expected is not null).Select(q => q.Name));

    /// <summary>Names of the representative subset run as real jobs.</summary>
    public static TheoryData<string> ClusterNames() => new(Corpus.Where(q => q.OnCluster).Select(q => q.Name));

    public static HostileQuery Get(string name) => Corpus.Single(q => q.Name == name);

    private static List<HostileQuery> Build()
    {
        var queries = new List<HostileQuery>();
        void Answer(string name, string sql, string expected, bool onCluster = true) =>
            queries.Add(new HostileQuery(name, sql, expected, null, onCluster));
        void Refuse(string name, string sql, string because, bool onCluster = false) =>
            queries.Add(new HostileQuery(name, sql, null, because, onCluster));

        // Depth: parentheses, NOT, unary minus and function calls, at the limit and beyond, in each clause.
        Answer("where-parentheses-100", $"{CountAndSum} WHERE {Parens("l_shipmode = 'AIR'", 100)}", AirResult);
        Refuse("where-parentheses-101", $"{CountAndSum} WHERE {Parens("l_shipmode = 'AIR'", 101)}", TooDeep, onCluster: true);
        Refuse("where-parentheses-1000", $"{CountAndSum} WHERE {Parens("l_shipmode = 'AIR'", 1_000)}", TooDeep, onCluster: true);
        Refuse("where-parentheses-100000", $"{CountAndSum} WHERE {Parens("l_shipmode = 'AIR'", 100_000)}", TooManyTokens);
        Answer("where-not-100", $"{CountAndSum} WHERE {Repeat("NOT ", 100)}l_shipmode = 'AIR'", AirResult);
        Answer("where-not-99", $"{CountAndSum} WHERE {Repeat("NOT ", 99)}l_shipmode = 'AIR'", NotAirResult, onCluster: false);
        Refuse("where-not-1000", $"{CountAndSum} WHERE {Repeat("NOT ", 1_000)}l_shipmode = 'AIR'", TooDeep, onCluster: true);
        Refuse("where-not-and-parentheses-alternating-1000",
            $"{CountAndSum} WHERE {Repeat("NOT (", 500)}l_shipmode = 'AIR'{Repeat(")", 500)}", TooDeep);
        // "- -" with a blank: "--" would start a comment.
        Answer("select-minus-99", $"SELECT sum({Repeat("- ", 98)}l_quantity) FROM {Table}", $"{AllQuantity}");
        Refuse("select-minus-1000", $"SELECT sum({Repeat("- ", 1_000)}l_quantity) FROM {Table}", TooDeep, onCluster: true);
        Answer("select-abs-100", $"SELECT sum({Calls("abs", "l_quantity", 99)}) FROM {Table}", $"{AllQuantity}");
        Refuse("select-abs-1000", $"SELECT sum({Calls("abs", "l_quantity", 1_000)}) FROM {Table}", TooDeep);
        Answer("select-round-100", $"SELECT {Calls("round", "sum(l_quantity)", 99)} FROM {Table}", $"{AllQuantity}");
        Refuse("select-abs-minus-alternating-1000",
            $"SELECT sum({Repeat("abs(- ", 500)}l_quantity{Repeat(")", 500)}) FROM {Table}", TooDeep);
        Answer("group-by-parentheses-100",
            $"SELECT l_returnflag, count(*) FROM {Table} GROUP BY {Parens("l_returnflag", 100)} ORDER BY l_returnflag", ByReturnFlag);
        Refuse("group-by-parentheses-1000",
            $"SELECT l_returnflag, count(*) FROM {Table} GROUP BY {Parens("l_returnflag", 1_000)}", TooDeep);
        Answer("order-by-parentheses-100",
            $"SELECT l_returnflag, count(*) FROM {Table} GROUP BY l_returnflag ORDER BY {Parens("l_returnflag", 100)}", ByReturnFlag);
        Refuse("order-by-parentheses-1000",
            $"SELECT l_returnflag, count(*) FROM {Table} GROUP BY l_returnflag ORDER BY {Parens("l_returnflag", 1_000)}", TooDeep);
        Answer("between-parentheses-99",
            $"{CountAndSum} WHERE l_shipmode BETWEEN {Parens("'AIR'", 99)} AND {Parens("'AIR'", 99)}", AirResult);
        Refuse("between-parentheses-1000",
            $"{CountAndSum} WHERE l_shipmode BETWEEN {Parens("'AIR'", 1_000)} AND 'AIR'", TooDeep);
        Answer("in-item-parentheses-99", $"{CountAndSum} WHERE l_shipmode IN ({Parens("'AIR'", 99)})", AirResult, onCluster: false);
        Refuse("in-nested-in-1000", $"{CountAndSum} WHERE {Repeat("true IN (", 1_000)}true{Repeat(")", 1_000)}", TooDeep);

        // Width: chains of operators form left-deep trees, one level per operator.
        Answer("select-sum-of-500-terms", $"SELECT sum({Chain("l_quantity", " + ", 500)}) FROM {Table} WHERE l_shipmode = 'AIR'",
            $"{500 * AirQuantity}");
        Refuse("select-sum-of-10000-terms", $"SELECT {Chain("l_quantity", " + ", 10_000)} FROM {Table}", ChainTooDeep, onCluster: true);
        Answer("where-or-of-900-terms", $"{CountAndSum} WHERE {Chain("l_shipmode = 'AIR'", " OR ", 900)}", AirResult);
        Answer("where-and-of-900-terms", $"{CountAndSum} WHERE {Chain("l_shipmode = 'AIR'", " AND ", 900)}", AirResult, onCluster: false);
        Refuse("where-and-of-10000-terms", $"{CountAndSum} WHERE {Chain("l_shipmode = 'AIR'", " AND ", 10_000)}", ChainTooDeep);
        Refuse("where-and-of-5000-terms", $"{CountAndSum} WHERE {Chain("l_quantity", " AND ", 5_000)}", ChainTooDeep);
        Answer("select-1000-aggregates", $"SELECT {Chain("sum(l_quantity)", ", ", 1_000)} FROM {Table} WHERE l_shipmode = 'AIR'",
            Chain($"{AirQuantity}", ",", 1_000));
        Refuse("select-40-sums-of-500-terms",
            $"SELECT {Chain($"sum({Chain("l_quantity", "+", 500)})", ", ", 40)} FROM {Table}", TooManyNodes);
        Answer("group-by-500-keys",
            $"SELECT l_returnflag, count(*) FROM {Table} GROUP BY {Chain("l_returnflag", ", ", 500)} ORDER BY l_returnflag", ByReturnFlag,
            onCluster: false);
        Answer("order-by-500-keys",
            $"SELECT l_returnflag, count(*) FROM {Table} GROUP BY l_returnflag ORDER BY {Chain("l_returnflag", ", ", 500)}", ByReturnFlag,
            onCluster: false);

        // IN lists: evaluated by hash lookup, bounded in length.
        Answer("in-10000-strings", $"{CountAndSum} WHERE l_shipmode IN ({Items(i => i == 0 ? "'AIR'" : $"'mode{i}'", 10_000)})", AirResult);
        Answer("not-in-10000-strings", $"{CountAndSum} WHERE l_shipmode NOT IN ({Items(i => i == 0 ? "'AIR'" : $"'mode{i}'", 10_000)})",
            NotAirResult, onCluster: false);
        // TPC-H quantities are 1 to 50, so none is 1,000 or more.
        Answer("not-in-10000-numbers", $"{CountAndSum} WHERE l_quantity NOT IN ({Items(i => $"{1_000 + i}", 10_000)})", AllResult, onCluster: false);
        Answer("not-in-with-null-matches-nothing", $"{CountAndSum} WHERE l_shipmode NOT IN ('AIR', NULL)", "0,NULL");
        Answer("in-mixed-kinds", $"{CountAndSum} WHERE l_quantity IN (-1, 1000.5, 99999999999999999999999999999999, NULL)", "0,NULL",
            onCluster: false);
        Refuse("in-10001-numbers", $"{CountAndSum} WHERE l_quantity IN ({Items(i => $"{i}", 10_001)})", InTooLong);
        Refuse("in-100000-strings", $"{CountAndSum} WHERE l_shipmode IN ({Items(i => $"'m{i}'", 100_000)})", InTooLong, onCluster: true);
        Refuse("in-1000000-numbers", $"{CountAndSum} WHERE l_quantity IN ({Items(i => $"{i}", 1_000_000)})", TooLong, onCluster: true);

        // Literal range: beyond BIGINT and DECIMAL the literal is the nearest double, as in DuckDB; beyond DOUBLE it is refused.
        Answer("where-less-than-beyond-bigint", $"{CountAndSum} WHERE l_orderkey < 99999999999999999999999999999999", AllResult);
        Answer("where-greater-than-minus-beyond-bigint", $"{CountAndSum} WHERE l_orderkey > -99999999999999999999999999999999", AllResult);
        Answer("where-equal-beyond-bigint", $"{CountAndSum} WHERE l_orderkey = 99999999999999999999", "0,NULL");
        Answer("where-less-than-40-digits", $"{CountAndSum} WHERE l_orderkey < {new string('9', 40)}", AllResult, onCluster: false);
        Answer("where-less-than-wide-decimal", $"{CountAndSum} WHERE l_quantity < 100000000000000000000000000000000.5", AllResult);
        Answer("where-long-fraction", $"{CountAndSum} WHERE l_quantity < 1000.{new string('0', 60)}1", AllResult, onCluster: false);
        Answer("between-beyond-bigint",
            $"{CountAndSum} WHERE l_orderkey BETWEEN -99999999999999999999999999999999 AND 99999999999999999999999999999999", AllResult,
            onCluster: false);
        Refuse("where-beyond-double", $"{CountAndSum} WHERE l_orderkey < {new string('9', 400)}", "beyond the range of DOUBLE", onCluster: true);
        Refuse("limit-beyond-bigint", $"SELECT l_quantity FROM {Table} LIMIT 99999999999999999999", "LIMIT is too large");

        // Size of the text itself.
        Refuse("text-over-1-mib", $"{CountAndSum} -- {new string('x', QueryLimits.MaxQueryLength)}", TooLong);
        Refuse("tokens-over-limit", $"{CountAndSum} WHERE {Chain("(l_quantity > 0)", " OR ", 20_000)}", TooManyTokens);
        return queries;
    }

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string Parens(string inner, int depth) => Repeat("(", depth) + inner + Repeat(")", depth);

    private static string Calls(string function, string inner, int depth) => Repeat(function + "(", depth) + inner + Repeat(")", depth);

    private static string Chain(string term, string separator, int count) => string.Join(separator, Enumerable.Repeat(term, count));

    private static string Items(Func<int, string> item, int count) =>
        string.Join(", ", Enumerable.Range(0, count).Select(item));
}
