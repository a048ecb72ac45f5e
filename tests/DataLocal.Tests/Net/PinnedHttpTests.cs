using System.Net;
using DataLocal.Common.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DataLocal.Tests.Net;

/// <summary>
/// External fetches connect only to the addresses the namenode checked, whatever DNS says at fetch
/// time: a host re-pointed after the check (DNS rebinding) cannot steer them elsewhere.
/// </summary>
public sealed class PinnedHttpTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.MapGet("/secret", () => Results.Text("metadata-credentials"));
        await _server.StartAsync();
        _port = new Uri(_server.Urls.First()).Port;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Fetch_ConnectsToThePinnedAddress_NotWhereDnsPoints()
    {
        using var http = PinnedHttp.CreateClient(TimeSpan.FromSeconds(10));
        // The name does not resolve at all: only the pin can lead the fetch to the server.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://checked-host.invalid:{_port}/secret").Pin([IPAddress.Loopback]);

        using var response = await http.SendAsync(request);

        Assert.Equal("metadata-credentials", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Fetch_NameNowResolvingToAnUncheckedAddress_StillGoesOnlyToTheCheckedOne()
    {
        using var http = PinnedHttp.CreateClient(TimeSpan.FromSeconds(10));
        // "localhost" resolves to the server, but the check approved only 127.0.0.2, where nothing
        // listens (the server is bound to 127.0.0.1): a rebound name must not reach the server.
        var closed = IPAddress.Parse("127.0.0.2");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://localhost:{_port}/secret").Pin([closed]);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request));

        Assert.Contains(closed.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_WithoutCheckedAddresses_IsRefusedBeforeConnecting()
    {
        using var http = PinnedHttp.CreateClient(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://localhost:{_port}/secret"));

        Assert.Contains("--allow-external", error.Message, StringComparison.Ordinal);
    }
}
