namespace DataLocal.Common.Query;

/// <summary>
/// The bounds every query must stay within, so that no text a user can type makes a server recurse off its
/// stack, spin for minutes or fill its memory. They are checked when the SQL is parsed, which happens on the
/// namenode at submit and again on each datanode for each task, so a refused query never reaches a task.
/// A query over a bound is refused with one line naming the bound; to change one, change it here (every
/// server must run the same values, or a datanode could refuse what the namenode accepted).
/// </summary>
public static class QueryLimits
{
    /// <summary>
    /// Characters of SQL text (1 MiB). Checked before tokenizing, so a huge paste is refused without work;
    /// the largest query the other limits allow (a 10,000-item IN list of long strings) fits well within it.
    /// </summary>
    public const int MaxQueryLength = 1024 * 1024;

    /// <summary>
    /// Tokens (words, numbers, strings, symbols). The grammar's parser spends a few microseconds per token,
    /// so this keeps the parse of any accepted query well under a second, and refuses bigger ones before the
    /// parser starts. It leaves room for the largest IN list (two tokens per item) and the node limit.
    /// </summary>
    public const int MaxTokens = 50_000;

    /// <summary>
    /// Nesting of parentheses, function calls, IN lists, NOT and unary minus inside one another. The parser
    /// recurses once per level and uses several kilobytes of stack per level, so 100 levels stay under a
    /// megabyte: inside the 1.5 MiB stack of a .NET thread-pool thread, where servers parse. No query written
    /// by hand nests this deep.
    /// </summary>
    public const int MaxNestingDepth = 100;

    /// <summary>
    /// Depth of a parsed expression tree, where a chain such as <c>a + b + c</c> or <c>x AND y AND z</c>
    /// counts one level per operator (the tree is left-deep). The planner, evaluators, pruning and renderer
    /// recurse once per level with a few hundred bytes of stack, so 1,000 levels stay far below a thread's
    /// stack. It is DuckDB's default <c>max_expression_depth</c>, so a chain DuckDB accepts is accepted here.
    /// </summary>
    public const int MaxExpressionDepth = 1_000;

    /// <summary>
    /// Expression nodes (columns, constants, operators, calls) over the whole query. Planning walks every
    /// node a bounded number of times, so this bounds the namenode's and each task's work on the query
    /// itself; it is twice the largest IN list, so such a list still fits beside the rest of a query.
    /// </summary>
    public const int MaxExpressionNodes = 20_000;

    /// <summary>
    /// Items of one IN list. Lists are evaluated by hash lookup, so the cost per row does not grow with the
    /// list; the bound keeps the set each task builds, and the plan shipped to every task, small.
    /// </summary>
    public const int MaxInListItems = 10_000;
}
