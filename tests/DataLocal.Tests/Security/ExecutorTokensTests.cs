using DataLocal.NameNode.Security;

namespace DataLocal.Tests.Security;

/// <summary>The per-registration executor credentials that tell the namenode which datanode calls.</summary>
public sealed class ExecutorTokensTests
{
    [Fact]
    public void Issue_EachNodeItsOwn_ReregistrationRevokesTheOldOne()
    {
        var tokens = new ExecutorTokens();
        var first = tokens.Issue("DN-a");
        var other = tokens.Issue("DN-b");

        var second = tokens.Issue("DN-a");

        Assert.NotEqual(first, second);
        Assert.Null(tokens.NodeOf(first));
        Assert.Equal("DN-a", tokens.NodeOf(second));
        Assert.Equal("DN-b", tokens.NodeOf(other));
        Assert.Null(tokens.NodeOf(null));
        Assert.Null(tokens.NodeOf("dle_guessed"));
    }
}
