namespace DataLocal.Client;

/// <summary>An error a user can act on. Its message is one line, ready to print as is.</summary>
public class DataLocalException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The namenode could not be reached at all.</summary>
public sealed class NameNodeUnreachableException(string address, Exception inner)
    : DataLocalException($"cannot reach the namenode at {address}: is the cluster running? (start one with `datalocal cluster start`)", inner);
