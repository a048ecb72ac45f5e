namespace DataLocal.Common.Security;

/// <summary>A secret file that cannot be used: missing, empty, or readable by others. The message says which and how to fix it.</summary>
public sealed class SecretFileException(string message) : Exception(message);
