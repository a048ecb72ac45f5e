using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

// netprobe receive IP PORT        listens, prints "listening", takes one connection, reads to EOF,
//                                 prints "BYTES SECONDS": the bytes after the first read, and the
//                                 time from that read to EOF (so connecting is not counted).
// netprobe send IP PORT BYTES     connects and sends BYTES bytes, then closes.
// The receiver times the transfer because only what arrived counts: a sender's clock stops
// while the last bytes may still sit in its socket buffer.
const int BufferSize = 256 * 1024;
if (args.Length >= 3 && args[0] == "receive")
{
    using var listener = new TcpListener(IPAddress.Parse(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture));
    // A small, fixed receive buffer (inherited by the accepted socket): on a loaded machine this
    // process may first run long after data arrived, and a multi-megabyte autotuned backlog read
    // in one gulp would count as if it crossed the link at memory speed.
    listener.Server.ReceiveBufferSize = BufferSize;
    listener.Start();
    Console.WriteLine("listening");
    Console.Out.Flush();
    using var client = listener.AcceptTcpClient();
    using var stream = client.GetStream();
    var buffer = new byte[BufferSize];
    var read = stream.Read(buffer);
    var clock = Stopwatch.StartNew();
    long total = 0;
    while (read > 0)
    {
        read = stream.Read(buffer);
        total += read;
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total} {clock.Elapsed.TotalSeconds:R}"));
    return 0;
}
if (args.Length >= 4 && args[0] == "send")
{
    using var client = new TcpClient();
    client.Connect(IPAddress.Parse(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture));
    using var stream = client.GetStream();
    var buffer = new byte[BufferSize];
    Random.Shared.NextBytes(buffer);
    for (var left = long.Parse(args[3], CultureInfo.InvariantCulture); left > 0; left -= BufferSize)
    {
        stream.Write(buffer, 0, (int)Math.Min(left, BufferSize));
    }
    client.Client.Shutdown(SocketShutdown.Send);
    return 0;
}
Console.Error.WriteLine("usage: netprobe receive IP PORT | netprobe send IP PORT BYTES");
return 2;
