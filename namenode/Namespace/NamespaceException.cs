namespace DataLocal.NameNode.Namespace;

/// <summary>What went wrong with a namespace operation, so the RPC layer can pick a status code.</summary>
public enum NamespaceError
{
    NotFound,
    AlreadyExists,
    NotADirectory,
    IsADirectory,
    DirectoryNotEmpty,
    InvalidOperation,
}

/// <summary>A namespace operation a user asked for that cannot be done; the message says why.</summary>
public sealed class NamespaceException(NamespaceError error, string message) : Exception(message)
{
    public NamespaceError Error { get; } = error;
}
