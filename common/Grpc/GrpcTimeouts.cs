namespace DataLocal.Common.Grpc;

/// <summary>
/// How long a call may wait on its peer. A peer can hang without closing its socket (a stopped
/// process, a machine that fell off the network): without these, its caller would wait for ever.
/// </summary>
public sealed record GrpcTimeouts
{
    /// <value>Deadline of every unary (control) call that sets none itself. 30 seconds by default: namenode answers take milliseconds.</value>
    public TimeSpan ControlCall { get; init; } = TimeSpan.FromSeconds(30);

    /// <value>
    /// Longest a block stream may go without progress (no message received, or no message accepted
    /// by the peer) before it is abandoned and the next replica or pipeline tried. 30 seconds by
    /// default: a healthy stream moves a 1 MiB message in milliseconds, so this is pure silence.
    /// </value>
    public TimeSpan StreamIdle { get; init; } = TimeSpan.FromSeconds(30);
}
