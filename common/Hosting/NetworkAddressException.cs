namespace DataLocal.Common.Hosting;

/// <summary>
/// An address a user gave cannot be used: it does not resolve, cannot be bound, or its port is taken.
/// The message is one line naming the address and what to do, ready to print as is.
/// </summary>
public sealed class NetworkAddressException(string message, Exception? inner = null) : Exception(message, inner);
