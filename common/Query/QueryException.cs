namespace DataLocal.Common.Query;

/// <summary>
/// A query that cannot run: a syntax error (with its position), SQL outside the supported subset (message
/// starts with <c>unsupported SQL: </c>), or a semantic or type error. The message is always one line so a
/// CLI can print it as is.
/// </summary>
public sealed class QueryException(string message) : Exception(message.ReplaceLineEndings(" "))
{
    /// <summary>Builds the error for SQL outside the supported subset.</summary>
    public static QueryException Unsupported(string what) => new("unsupported SQL: " + what);
}
