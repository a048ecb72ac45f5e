using System.Net;
using System.Net.Sockets;
using DataLocal.Common.Hosting;
using DataLocal.NameNode.Datanodes;

namespace DataLocal.Tests.Hosting;

/// <summary>How --bind and --advertise are read, how advertised addresses are recorded, and the one-line errors and warning.</summary>
public sealed class NodeAddressTests
{
    [Theory]
    [InlineData("http://LocalHost:9866/", "http://localhost:9866")]
    [InlineData("127.0.0.1:9866", "http://127.0.0.1:9866")]
    [InlineData("http://[::1]:9866", "http://[::1]:9866")]
    [InlineData("HTTPS://Host:9866", "https://host:9866")]
    public void CanonicalAddress_SpellingsOfOneAddress_RecordedOneWay(string advertised, string canonical)
    {
        Assert.Equal(canonical, CanonicalAddress.Canonicalize(advertised));
    }

    [Theory]
    [InlineData("http://host")]
    [InlineData("ftp://host:9866")]
    [InlineData("http://host:9866/path")]
    [InlineData("not an address")]
    public void CanonicalAddress_NotHttpHostPort_RefusedNamingFlag(string advertised)
    {
        var error = Assert.Throws<InvalidDatanodeAddressException>(() => CanonicalAddress.Canonicalize(advertised));

        Assert.Contains("--advertise", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Advertise_WildcardAddress_RefusedInOneLineNamingIt(string host)
    {
        var error = Assert.Throws<NetworkAddressException>(() => NodeAddresses.CheckAdvertised(host, "--advertise"));

        Assert.StartsWith($"--advertise {host}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Advertise_NotGiven_BoundAddressOrMachineAddressForWildcard()
    {
        Assert.Equal("127.0.0.1", NodeAddresses.DefaultAdvertised(IPAddress.Loopback));
        var machine = NodeAddresses.FirstNonLoopbackIPv4()?.ToString() ?? "127.0.0.1";
        Assert.Equal(machine, NodeAddresses.DefaultAdvertised(IPAddress.Any));
    }

    [Fact]
    public void LocalUrl_WildcardBind_ConnectsThroughLoopback()
    {
        Assert.Equal("http://127.0.0.1:8020", NodeAddresses.LocalUrl(new IPEndPoint(IPAddress.Any, 8020)));
        Assert.Equal("http://[::1]:8020", NodeAddresses.LocalUrl(new IPEndPoint(IPAddress.IPv6Any, 8020)));
        Assert.Equal("http://192.0.2.7:8020", NodeAddresses.LocalUrl(new IPEndPoint(IPAddress.Parse("192.0.2.7"), 8020)));
    }

    [Fact]
    public void Listen_PortInUse_OneLineNamingAddressAndOption()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var error = Assert.Throws<NetworkAddressException>(() => ListenCheck.EnsureCanListen(IPAddress.Loopback, port, "--bind", "--http-port"));

        Assert.Equal($"cannot listen on 127.0.0.1:{port}: the port is already in use; stop what uses it or choose another --http-port (0 = any free port)", error.Message);
    }

    [Fact]
    public void OpenAccessWarning_OnlyBeyondLoopback_NamesAddressAndPorts()
    {
        Assert.Null(OpenAccessWarning.For("namenode", IPAddress.Loopback, [8020]));
        var warning = OpenAccessWarning.For("namenode", IPAddress.Any, [8020, 9870]);

        Assert.NotNull(warning);
        Assert.Contains("0.0.0.0 (ports 8020, 9870)", warning, StringComparison.Ordinal);
        Assert.Contains("without TLS: tokens and data cross the network unencrypted", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning);
    }

    [Fact]
    public void OpenAccessWarning_WithTls_IsNone()
    {
        Assert.Null(OpenAccessWarning.For("namenode", IPAddress.Any, [8020, 9870], tls: true));
    }
}
