using System.Net;
using System.Net.Sockets;

namespace DataLocal.Common.Hosting;

/// <summary>
/// Says in one line why a node cannot listen, naming the address and the option to change, instead
/// of the framework's nested exception and the pages of start-up failure it logs.
/// </summary>
public static class ListenCheck
{
    /// <summary>
    /// Binds the port for a moment before the web host tries, so a taken port or a foreign address
    /// fails with one line before anything starts. Port 0 (any free port) cannot be taken.
    /// </summary>
    public static void EnsureCanListen(IPAddress address, int port, string bindOption, string portOption)
    {
        if (port <= 0)
        {
            return;
        }
        try
        {
            var probe = new TcpListener(address, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException ex)
        {
            throw Describe(ex, address, port, bindOption, portOption);
        }
    }

    public static NetworkAddressException Describe(Exception failure, IPAddress address, int port, string bindOption, string portOption)
    {
        var endpoint = new IPEndPoint(address, port);
        var socketError = FindSocketError(failure);
        if (socketError == SocketError.AddressAlreadyInUse || failure.GetType().Name == "AddressInUseException")
        {
            return new NetworkAddressException($"cannot listen on {endpoint}: the port is already in use; stop what uses it or choose another {portOption} (0 = any free port)", failure);
        }
        if (socketError == SocketError.AddressNotAvailable)
        {
            return new NetworkAddressException($"cannot listen on {endpoint}: {address} is not an address of this machine; give one of its addresses to {bindOption}, or 0.0.0.0 for every interface", failure);
        }
        if (socketError == SocketError.AccessDenied)
        {
            return new NetworkAddressException($"cannot listen on {endpoint}: permission denied; choose a {portOption} above 1023 or run with the right to bind it", failure);
        }
        return new NetworkAddressException($"cannot listen on {endpoint}: {OneLine(failure)}", failure);
    }

    /// <summary>True when the failure came from binding a socket, not from something else in start-up.</summary>
    public static bool IsBindFailure(Exception failure) =>
        failure is IOException || FindSocketError(failure) is not null || failure.GetType().Name == "AddressInUseException";

    private static SocketError? FindSocketError(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode;
            }
        }
        return null;
    }

    private static string OneLine(Exception failure) => (failure.InnerException ?? failure).Message.ReplaceLineEndings(" ");
}
