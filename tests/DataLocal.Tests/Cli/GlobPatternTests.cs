using DataLocal.Cli.Commands;
using DataLocal.Cli.Globbing;

namespace DataLocal.Tests.Cli;

/// <summary>Hadoop's glob syntax, name by name, without a cluster.</summary>
public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("part-*.parquet", "part-00.parquet", true)]
    [InlineData("part-*.parquet", "part-.parquet", true)]
    [InlineData("part-*.parquet", "part-00.parquetx", false)]
    [InlineData("part-?", "part-1", true)]
    [InlineData("part-?", "part-12", false)]
    [InlineData("[abc]x", "bx", true)]
    [InlineData("[abc]x", "dx", false)]
    [InlineData("[a-c]x", "bx", true)]
    [InlineData("[^a-c]x", "bx", false)]
    [InlineData("[!a-c]x", "dx", true)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData(@"a\*b", "a*b", true)]
    [InlineData(@"a\*b", "axb", false)]
    [InlineData("(x)+$", "(x)+$", true)]
    public void CompileName_MatchesAsHadoopGlobs(string pattern, string name, bool matches) =>
        Assert.Equal(matches, GlobPattern.CompileName(pattern).IsMatch(name));

    [Fact]
    public void ExpandBraces_GivesEachAlternative_InOrder_EvenAcrossSlashesAndNested()
    {
        Assert.Equal(["/d/a.csv", "/d/b.csv"], GlobPattern.ExpandBraces("/d/{a,b}.csv"));
        Assert.Equal(["/logs/2024/x", "/archive/x"], GlobPattern.ExpandBraces("/{logs/2024,archive}/x"));
        Assert.Equal(["/a1", "/a2", "/b"], GlobPattern.ExpandBraces("/{a{1,2},b}"));
        Assert.Equal([@"/\{a,b}"], GlobPattern.ExpandBraces(@"/\{a,b}"));
    }

    [Theory]
    [InlineData("/data/part-0.parquet", false)]
    [InlineData("/data/part-*.parquet", true)]
    [InlineData("/h", false)]
    [InlineData("/?", true)]
    [InlineData(@"/a\*b", false)]
    [InlineData("/{a,b}", true)]
    [InlineData("/[ab]", true)]
    public void HasWildcard_OnlyForUnescapedGlobCharacters(string pattern, bool expected) =>
        Assert.Equal(expected, GlobPattern.HasWildcard(pattern));

    [Fact]
    public void UnclosedClassOrGroup_IsAUsageErrorSayingHowToEscape()
    {
        var unclosedClass = Assert.Throws<UsageException>(() => GlobPattern.CompileName("part-[0"));
        var unclosedGroup = Assert.Throws<UsageException>(() => GlobPattern.ExpandBraces("/d/{a,b"));

        Assert.Contains(@"write \[", unclosedClass.Message, StringComparison.Ordinal);
        Assert.Contains(@"write \{", unclosedGroup.Message, StringComparison.Ordinal);
    }
}
