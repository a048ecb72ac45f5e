using DataLocal.NameNode;
using DataLocal.NameNode.Datanodes;
using DataLocal.NameNode.Scheduling;
using Microsoft.Extensions.Options;

namespace DataLocal.Tests.Scheduling;

public sealed class ExternalSourcePolicyTests
{
    private static ExternalSourcePolicy Policy(params string[] prefixes) =>
        new(Options.Create(new NameNodeOptions { AllowExternal = [.. prefixes] }), new DatanodeRegistry(TimeProvider.System));

    private static async Task<string> RefusedAsync(ExternalSourcePolicy policy, string url) =>
        (await Assert.ThrowsAsync<InvalidQueryException>(() => policy.CheckAsync(url, CancellationToken.None))).Message;

    [Fact]
    public async Task Check_NoPrefixes_ExternalSourcesOffSayingWhichFlagAllowsThem()
    {
        var message = await RefusedAsync(Policy(), "https://data.example.com/t.parquet");

        Assert.Equal("FROM https://data.example.com/t.parquet: external sources are off on this cluster; start the namenode with --allow-external https://data.example.com/ to allow that host", message);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://127.0.0.1:9870/")]
    [InlineData("https://data.example.com.evil.test/public/t.parquet")]
    [InlineData("https://data.example.com/database/t.parquet")]
    [InlineData("http://data.example.com/public/t.parquet")]
    [InlineData("https://data.example.com:8443/public/t.parquet")]
    public async Task Check_UrlUnderNoPrefix_Refused(string url)
    {
        var message = await RefusedAsync(Policy("https://data.example.com:443/public/", "https://data.example.com/data"), url);

        Assert.Contains("not under any allowed prefix", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost/")]
    [InlineData("http://LOCALHOST:8080/files/")]
    public async Task Check_NameThatResolvesToLoopback_RefusedEvenUnderItsOwnPrefix(string prefix)
    {
        var message = await RefusedAsync(Policy(prefix), "http://localhost:8080/files/t.parquet");

        Assert.Contains("a loopback address", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.77.0.5/", "http://10.77.0.5:8080/t.parquet")]
    [InlineData("http://127.0.0.1/", "http://127.0.0.1:41234/files/t.parquet")]
    [InlineData("http://[::1]:8080/files", "http://[::1]:8080/files/t.parquet")]
    public async Task Check_PrefixGivingThePrivateAddressItself_Allowed(string prefix, string url)
    {
        await Policy(prefix).CheckAsync(url, CancellationToken.None);
    }

    [Fact]
    public async Task Check_CredentialsInUrl_Refused()
    {
        var message = await RefusedAsync(Policy("http://10.77.0.5/"), "http://user:secret@10.77.0.5/t.parquet");

        Assert.Contains("credentials", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BadPrefix_SaysWhatAPrefixLooksLike()
    {
        var message = await RefusedAsync(Policy("data.example.com"), "https://data.example.com/t.parquet");

        Assert.Contains("--allow-external data.example.com: not an http:// or https:// URL prefix", message, StringComparison.Ordinal);
    }
}
