using System.Text;
using DataLocal.Common.Query;

namespace DataLocal.Tests.Query;

public sealed class Utf8OrderTests
{
    [Fact]
    public void Compare_AgreesWithUtf8ByteOrder()
    {
        var random = new Random(8);
        char[] alphabet = ['a', 'z', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\ufffd'];
        string[] astral = ["\U00010000", "\U0001F600", "\U0010FFFF"];
        string Next() => string.Concat(Enumerable.Range(0, random.Next(4)).Select(_ =>
            random.Next(3) == 0 ? astral[random.Next(astral.Length)] : alphabet[random.Next(alphabet.Length)].ToString()));
        for (var i = 0; i < 20_000; i++)
        {
            var a = Next();
            var b = Next();
            var expected = Math.Sign(Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
            Assert.True(expected == Math.Sign(Utf8Order.Compare(a, b)), $"{Escape(a)} vs {Escape(b)}");
        }
    }

    [Fact]
    public void Compare_CharacterAboveFfff_SortsAfterPrivateUseArea()
    {
        Assert.True(Utf8Order.Compare("\uE000", "\U0001F600") < 0);
        Assert.True(string.CompareOrdinal("\uE000", "\U0001F600") > 0); // what UTF-16 order says
    }

    private static string Escape(string s) => string.Concat(s.Select(c => $"\\u{(int)c:x4}"));
}
