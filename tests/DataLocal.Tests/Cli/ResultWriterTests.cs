using DataLocal.Cli.Output;

namespace DataLocal.Tests.Cli;

/// <summary>The result formats' edge cases: what must be quoted or escaped, and NULL kept apart from the empty string.</summary>
public sealed class ResultWriterTests
{
    private static readonly IReadOnlyList<IReadOnlyList<string?>> Rows =
    [
        ["plain", "a,b", "say \"hi\"", "two\nlines", string.Empty, null],
    ];

    private static readonly string[] Columns = ["a", "b", "c", "d", "e", "f"];

    [Fact]
    public void Csv_FieldsWithCommaQuoteOrNewline_QuotedWithQuotesDoubledNullEmptyEmptyStringQuoted()
    {
        var output = new StringWriter();

        DelimitedResultWriter.WriteCsv(output, Columns, Rows);

        Assert.Equal("a,b,c,d,e,f\r\nplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\",\r\n", output.ToString());
    }

    [Fact]
    public void Tsv_TabsNewlinesAndBackslashesEscaped_NullAsBackslashN()
    {
        var output = new StringWriter();

        DelimitedResultWriter.WriteTsv(output, ["x", "y", "z"], [["a\tb", @"c\d", null]]);

        Assert.Equal("x\ty\tz\na\\tb\tc\\\\d\t\\N\n", output.ToString());
    }

    [Fact]
    public void Json_TypedColumns_NumbersBooleansNullsAndTextAsSuch()
    {
        var output = new StringWriter();

        JsonResultWriter.Write(output, ["n", "b", "t", "old"], ["number", "boolean", "text"], [["1.5E+20", "true", "7", "8"], [null, "false", "x", null]]);

        using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
        var first = json.RootElement[0];
        Assert.Equal(1.5e20, first.GetProperty("n").GetDouble());
        Assert.True(first.GetProperty("b").GetBoolean());
        Assert.Equal("7", first.GetProperty("t").GetString());
        Assert.Equal("8", first.GetProperty("old").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement[1].GetProperty("n").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement[1].GetProperty("old").ValueKind);
    }
}
