using System.Text;
using DataLocal.Common.Paths;

namespace DataLocal.Tests.Fuzz;

/// <summary>
/// Seeded property tests of the one path canonicaliser every side uses: for any string, it refuses
/// with <see cref="InvalidPathException"/> or returns a canonical path that names nothing outside
/// what was typed. The seed is in the failure message, so a failing case can be replayed.
/// </summary>
public sealed class PathFuzzTests
{
    private const int Cases = 20_000;

    // Characters that have broken path handling somewhere: separators and dots, NUL and controls,
    // Windows separators and drive colons, look-alike slashes and dots, bidi overrides, zero-width and
    // combining marks, a lone surrogate, percent escapes, plus ordinary letters.
    private static readonly string[] Pieces =
    [
        "/", "/", "/", ".", "..", "\0", "\u0001", "\u001f", "\u007f", "\u0085", ":", "\\", "C:", "\uFF0F", "\u2215", "\u2044",
        "\uFF0E", "\u202E", "\u200B", "\u200D", "e\u0301", "\u00E9", "\uD800", "%2e", "%2f", "~", "-", " ", "\t", "\n",
        "a", "b", "data", "sandbox", "x.parquet", "\u6587", "\U0001F600",
    ];

    [Fact]
    public void Normalize_AnyString_RefusedOrCanonicalAndInsideWhatWasNamed()
    {
        var seed = FuzzSeed.Value;
        var random = new Random(seed);
        var accepted = 0;
        for (var i = 0; i < Cases; i++)
        {
            var typed = "/sandbox/" + RandomTail(random);
            string normalized;
            try
            {
                normalized = DataLocalPath.Normalize(typed);
            }
            catch (InvalidPathException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message), $"seed {seed} case {i}: empty message");
                Assert.DoesNotContain('\n', ex.Message);
                continue;
            }
            accepted++;
            var what = $"seed {seed} case {i}: {Escape(typed)} -> {Escape(normalized)}";
            Assert.True(DataLocalPath.IsSameOrDescendant(normalized, "/sandbox"), what);
            Assert.Equal(normalized, DataLocalPath.Normalize(normalized));
            Assert.DoesNotContain("//", normalized, StringComparison.Ordinal);
            Assert.All(normalized[1..].Split('/'), segment =>
            {
                Assert.NotEqual(".", segment);
                Assert.NotEqual("..", segment);
                Assert.True(Encoding.UTF8.GetByteCount(segment) <= DataLocalPath.MaxSegmentLength, what);
                Assert.DoesNotContain(segment, c => c == '\0' || char.IsControl(c) || c == ':');
            });
            Assert.True(Encoding.UTF8.GetByteCount(normalized) <= DataLocalPath.MaxPathLength, what);
        }
        // Guards the generator: a corpus that is all refusals would prove nothing about accepted paths.
        Assert.InRange(accepted, Cases / 20, Cases - (Cases / 20));
    }

    [Fact]
    public void Normalize_RefusedPathWithANewline_ErrorShowsItEscapedOnOneLine()
    {
        // Found by the fuzz above: the message echoed the path, so a newline in it forged a second line.
        var error = Assert.Throws<InvalidPathException>(() => DataLocalPath.Normalize("/a//b\nallowed=true ugi=admin"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("\\u000A", error.Message, StringComparison.Ordinal);
    }

    private static string RandomTail(Random random)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(0, random.Next(2) == 0 ? 12 : 400);
        for (var p = 0; p < pieces; p++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }
        return builder.ToString();
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c < 0x20 || c > 0x7e ? $"\\u{(int)c:X4}" : c.ToString()));
}
