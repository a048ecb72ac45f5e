using System.Globalization;
using Superpower.Model;

namespace DataLocal.Common.Query;

/// <summary>
/// Refuses SQL over the size limits of <see cref="QueryLimits"/> before the grammar runs: the text length
/// before tokenizing, then the token count and the length of each IN list in one pass over the tokens.
/// Checking here rather than after parsing means a query of a million items is refused in milliseconds
/// instead of after seconds of parsing.
/// </summary>
internal static class QuerySizeCheck
{
    public static void CheckText(string sql)
    {
        if (sql.Length > QueryLimits.MaxQueryLength)
        {
            throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                $"the query is {sql.Length:N0} characters long, over the limit of {QueryLimits.MaxQueryLength:N0} (1 MiB); shorten it"));
        }
    }

    public static void CheckTokens(TokenList<SqlToken> tokens)
    {
        var count = 0;
        var previous = SqlToken.None;
        // For each open parenthesis: the items counted so far when it opens an IN list, else -1.
        var open = new Stack<int>();
        foreach (var token in tokens)
        {
            if (++count > QueryLimits.MaxTokens)
            {
                throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                    $"the query has more than {QueryLimits.MaxTokens:N0} tokens (words, numbers, strings and symbols); shorten it"));
            }
            switch (token.Kind)
            {
                case SqlToken.LeftParen:
                    open.Push(previous == SqlToken.In ? 1 : -1);
                    break;
                case SqlToken.RightParen when open.Count > 0:
                    open.Pop();
                    break;
                case SqlToken.Comma when open.Count > 0 && open.Peek() >= 0:
                    var items = open.Pop() + 1;
                    if (items > QueryLimits.MaxInListItems)
                    {
                        throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                            $"an IN list has more than {QueryLimits.MaxInListItems:N0} items; use a shorter list"));
                    }
                    open.Push(items);
                    break;
                default:
                    break;
            }
            previous = token.Kind;
        }
    }
}
