namespace DataLocal.Common.Parquet;

/// <summary>
/// A file claims to be Parquet (magic, extension) but is structurally broken. The message is always the
/// single line <c>invalid Parquet file: &lt;reason&gt;</c> so CLIs and logs can show it as is.
/// </summary>
public sealed class InvalidParquetException : Exception
{
    private const string Prefix = "invalid Parquet file: ";

    public InvalidParquetException()
        : base(Prefix + "unknown reason")
    {
        Reason = "unknown reason";
    }

    public InvalidParquetException(string reason)
        : base(Prefix + OneLine(reason))
    {
        Reason = OneLine(reason);
    }

    public InvalidParquetException(string reason, Exception innerException)
        : base(Prefix + OneLine(reason), innerException)
    {
        Reason = OneLine(reason);
    }

    /// <summary>The reason alone, without the prefix.</summary>
    public string Reason { get; }

    // Reasons sometimes embed text from the file (column names); a newline there must not split the message.
    private static string OneLine(string reason) =>
        reason.ReplaceLineEndings(" ").Trim();
}
