namespace DataLocal.DataNode.Compute;

/// <summary>
/// A read through <see cref="BlockFileStream"/> outside the bytes a task holds: an engine bug or a footer
/// that does not describe the block, never data to be silently replaced by zeros.
/// </summary>
public sealed class BlockRangeException(string message) : IOException(message);
