namespace DataLocal.Common.Security;

/// <summary>A block token that does not grant what was asked: datanodes answer it with PermissionDenied, before any byte moves.</summary>
public sealed class BlockTokenException(string message) : Exception(message);
