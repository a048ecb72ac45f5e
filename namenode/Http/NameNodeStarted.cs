namespace DataLocal.NameNode.Http;

/// <summary>When this namenode started, for the web UI's overview.</summary>
public sealed record NameNodeStarted(DateTimeOffset At);
