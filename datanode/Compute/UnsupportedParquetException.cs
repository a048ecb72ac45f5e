namespace DataLocal.DataNode.Compute;

/// <summary>
/// A file (or block) the query engine cannot decode with Parquet.Net, or refuses to (decompression bomb,
/// repeated columns, time limit). The message is the single line <c>unsupported Parquet feature: &lt;what&gt;</c>.
/// </summary>
public sealed class UnsupportedParquetException(string what, Exception? innerException = null)
    : Exception("unsupported Parquet feature: " + what.ReplaceLineEndings(" ").Trim(), innerException);
