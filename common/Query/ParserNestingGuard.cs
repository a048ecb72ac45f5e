using System.Globalization;
using System.Runtime.CompilerServices;
using Superpower;

namespace DataLocal.Common.Query;

/// <summary>
/// Wraps the grammar's recursive rules (parentheses, call arguments, IN lists, NOT, unary minus) so that the
/// parser refuses input nested deeper than <see cref="QueryLimits.MaxNestingDepth"/> before it recurses
/// far enough to overflow the stack: Superpower's combinators use several kilobytes of stack per level, and
/// a stack overflow ends the whole server process, which no <c>catch</c> can prevent.
/// </summary>
internal static class ParserNestingGuard
{
    // Parsing is synchronous on one thread, so the current depth lives with the thread.
    [ThreadStatic]
    private static int _depth;

    /// <summary>
    /// A parser that runs <paramref name="rule"/> (resolved on first use, as <c>Parse.Ref</c> does) one
    /// nesting level deeper, or throws <see cref="QueryException"/> when that level is over the limit.
    /// </summary>
    public static TokenListParser<SqlToken, T> Nested<T>(Func<TokenListParser<SqlToken, T>> rule)
    {
        TokenListParser<SqlToken, T>? resolved = null;
        return input =>
        {
            if (_depth >= QueryLimits.MaxNestingDepth)
            {
                throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                    $"expression nesting is deeper than {QueryLimits.MaxNestingDepth} levels (parentheses, function calls, IN lists, NOT and unary minus each add one); simplify the query"));
            }
            // A thread with a smaller stack than servers use still gets an error rather than a crash.
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw new QueryException("expression nesting is too deep for this thread's stack; simplify the query");
            }
            resolved ??= rule();
            _depth++;
            try
            {
                return resolved(input);
            }
            finally
            {
                _depth--;
            }
        };
    }
}
