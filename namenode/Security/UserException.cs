namespace DataLocal.NameNode.Security;

/// <summary>A user command that cannot be done (a bad or taken name, no such user); the message says why.</summary>
public sealed class UserException(string message) : Exception(message);
