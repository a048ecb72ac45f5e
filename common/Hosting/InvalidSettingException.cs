namespace DataLocal.Common.Hosting;

/// <summary>A role's setting is missing, malformed or out of range; the message is one line naming it.</summary>
public sealed class InvalidSettingException(string message, Exception? inner = null) : Exception(message, inner);
