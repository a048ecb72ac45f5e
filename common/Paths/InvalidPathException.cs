namespace DataLocal.Common.Paths;

/// <summary>A namespace path that cannot be used; the message says why, in words a user can act on.</summary>
public sealed class InvalidPathException(string reason) : Exception("invalid path: " + reason);
