namespace DataLocal.Client;

/// <summary>
/// An error a user can act on. Its message is one line, ready to print as is. Subclasses say what
/// kind of failure it was, so a program can catch the ones it handles (a missing file, a refusal)
/// without reading messages.
/// </summary>
/// <param name="message">One line saying what went wrong and, where there is one, what to do.</param>
/// <param name="inner">The failure underneath (often a gRPC <c>RpcException</c>), if any.</param>
public class DataLocalException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The namenode could not be reached at all: nothing listens at its address, or the network is down.</summary>
/// <param name="address">The namenode address that was called.</param>
/// <param name="inner">The connection failure.</param>
public sealed class NameNodeUnreachableException(string address, Exception inner)
    : DataLocalException($"cannot reach the namenode at {address}: is the cluster running?", inner)
{
    /// <summary>The namenode address that was called.</summary>
    public string Address { get; } = address;
}

/// <summary>What was asked for is not there: a path, a job, a datanode.</summary>
/// <param name="message">The server's one-line message, naming what is missing.</param>
/// <param name="inner">The failure underneath.</param>
public class DataLocalNotFoundException(string message, Exception? inner = null) : DataLocalException(message, inner);

/// <summary>A path in the cluster (or a local one a transfer names) does not exist.</summary>
/// <param name="message">One line naming the path.</param>
/// <param name="inner">The failure underneath.</param>
public sealed class DataLocalFileNotFoundException(string message, Exception? inner = null) : DataLocalNotFoundException(message, inner);

/// <summary>Something is already where it would be created: a file a put or rename would replace, a local file a get would overwrite.</summary>
/// <param name="message">One line naming the path.</param>
/// <param name="inner">The failure underneath.</param>
public sealed class DataLocalAlreadyExistsException(string message, Exception? inner = null) : DataLocalException(message, inner);

/// <summary>The caller's user may not do this: file permissions, an admin-only call, another user's job, or a local file the process may not write.</summary>
/// <param name="message">One line naming what was refused and why.</param>
/// <param name="inner">The failure underneath.</param>
public sealed class DataLocalPermissionDeniedException(string message, Exception? inner = null) : DataLocalException(message, inner);

/// <summary>The call carried no token, or one the cluster does not know (see <see cref="DataLocalClientOptions.Token"/>).</summary>
/// <param name="message">The server's one-line message.</param>
/// <param name="inner">The failure underneath.</param>
public sealed class DataLocalAuthenticationException(string message, Exception? inner = null) : DataLocalException(message, inner);

/// <summary>
/// The namenode is in safe mode (starting up, or put there by an admin): reads work, changes to the
/// namespace are refused until it leaves. Retry later, or wait for it with an admin's <c>safemode wait</c>.
/// </summary>
/// <param name="message">The namenode's one-line status.</param>
/// <param name="inner">The failure underneath.</param>
public sealed class DataLocalSafeModeException(string message, Exception? inner = null) : DataLocalException(message, inner);

/// <summary>The request itself is wrong: an invalid path or mode, a query the engine refuses, an unknown user name.</summary>
/// <param name="message">One line saying what is wrong with it.</param>
/// <param name="inner">The failure underneath.</param>
public sealed class DataLocalInvalidRequestException(string message, Exception? inner = null) : DataLocalException(message, inner);

/// <summary>A server did not answer within the call's deadline (see <see cref="DataLocalClientOptions.Timeouts"/>).</summary>
/// <param name="message">One line naming the server.</param>
/// <param name="inner">The failure underneath.</param>
public sealed class DataLocalTimeoutException(string message, Exception? inner = null) : DataLocalException(message, inner);
