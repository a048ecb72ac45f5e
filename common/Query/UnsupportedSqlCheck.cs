using Superpower.Model;

namespace DataLocal.Common.Query;

/// <summary>
/// Recognises SQL that is valid elsewhere but outside DataLocal's subset before the grammar runs, so the user
/// reads "JOIN is not supported" rather than a syntax error pointing at the word JOIN.
/// </summary>
internal static class UnsupportedSqlCheck
{
    private const string SingleTable = "(DataLocal runs single-table queries)";

    private static readonly Dictionary<string, string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["JOIN"] = "JOIN is not supported " + SingleTable,
        ["HAVING"] = "HAVING is not supported",
        ["DISTINCT"] = "DISTINCT is not supported",
        ["OVER"] = "window functions (OVER) are not supported",
        ["WINDOW"] = "window functions (WINDOW) are not supported",
        ["QUALIFY"] = "QUALIFY is not supported",
        ["UNION"] = "UNION is not supported " + SingleTable,
        ["INTERSECT"] = "INTERSECT is not supported " + SingleTable,
        ["EXCEPT"] = "EXCEPT is not supported " + SingleTable,
        ["WITH"] = "WITH (common table expressions) is not supported",
        ["CASE"] = "CASE expressions are not supported",
        ["LIKE"] = "LIKE is not supported",
        ["ILIKE"] = "ILIKE is not supported",
        ["SIMILAR"] = "SIMILAR TO is not supported",
        ["GLOB"] = "GLOB is not supported",
        ["CAST"] = "CAST is not supported",
        ["TRY_CAST"] = "TRY_CAST is not supported",
        ["OFFSET"] = "OFFSET is not supported",
        ["EXISTS"] = "EXISTS is not supported (subqueries are not supported)",
        ["PIVOT"] = "PIVOT is not supported",
        ["UNPIVOT"] = "UNPIVOT is not supported",
        ["ROLLUP"] = "ROLLUP is not supported",
        ["CUBE"] = "CUBE is not supported",
        ["GROUPING"] = "GROUPING SETS are not supported",
        ["INTERVAL"] = "INTERVAL is not supported",
        ["USING"] = "USING is not supported " + SingleTable,
        ["LATERAL"] = "LATERAL is not supported " + SingleTable,
        ["FILTER"] = "aggregate FILTER clauses are not supported",
    };

    private static readonly HashSet<string> Statements = new(StringComparer.OrdinalIgnoreCase)
    {
        "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "COPY", "ATTACH", "PRAGMA", "SET", "EXPLAIN", "DESCRIBE", "SHOW",
    };

    public static void Check(TokenList<SqlToken> tokens)
    {
        var list = tokens.ToArray();
        if (list.Length > 0 && list[0].Kind == SqlToken.Identifier && Statements.Contains(list[0].ToStringValue()))
        {
            throw QueryException.Unsupported(
                $"{list[0].ToStringValue().ToUpperInvariant()} is not supported (DataLocal runs SELECT queries only)");
        }
        for (var i = 0; i < list.Length; i++)
        {
            var token = list[i];
            var next = i + 1 < list.Length ? list[i + 1].Kind : SqlToken.None;
            switch (token.Kind)
            {
                case SqlToken.Identifier when Words.TryGetValue(token.ToStringValue(), out var message):
                    throw QueryException.Unsupported(message);
                case SqlToken.LeftParen when next == SqlToken.Select:
                    throw QueryException.Unsupported("subqueries are not supported " + SingleTable);
                case SqlToken.Path when next == SqlToken.Comma:
                case SqlToken.StringLiteral when i > 0 && list[i - 1].Kind == SqlToken.From && next == SqlToken.Comma:
                    throw QueryException.Unsupported("several tables in FROM are not supported " + SingleTable);
                case SqlToken.DoubleColon:
                    throw QueryException.Unsupported("casts (::) are not supported");
                case SqlToken.Semicolon when next != SqlToken.None:
                    throw QueryException.Unsupported("several statements are not supported");
                case SqlToken.Select when i > 0:
                    throw QueryException.Unsupported("subqueries are not supported " + SingleTable);
                default:
                    break;
            }
        }
    }
}
