using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace DataLocal.Common.Query;

/// <summary>
/// Splits SQL into tokens. A custom Superpower tokenizer rather than a regex table because the word after
/// FROM is a path or URL (<c>/data/x.parquet</c>, <c>https://h/x?y=1</c>) whose slashes must not become
/// division operators, which only a tokenizer that knows the previous token can decide.
/// </summary>
internal sealed class SqlTokenizer : Tokenizer<SqlToken>
{
    public static SqlTokenizer Instance { get; } = new();

    private static readonly Dictionary<string, SqlToken> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SELECT"] = SqlToken.Select,
        ["FROM"] = SqlToken.From,
        ["WHERE"] = SqlToken.Where,
        ["GROUP"] = SqlToken.Group,
        ["BY"] = SqlToken.By,
        ["ORDER"] = SqlToken.Order,
        ["ASC"] = SqlToken.Asc,
        ["DESC"] = SqlToken.Desc,
        ["LIMIT"] = SqlToken.Limit,
        ["AS"] = SqlToken.As,
        ["AND"] = SqlToken.And,
        ["OR"] = SqlToken.Or,
        ["NOT"] = SqlToken.Not,
        ["IN"] = SqlToken.In,
        ["BETWEEN"] = SqlToken.Between,
        ["IS"] = SqlToken.Is,
        ["NULL"] = SqlToken.Null,
        ["TRUE"] = SqlToken.True,
        ["FALSE"] = SqlToken.False,
    };

    private static readonly TextParser<TextSpan> Word = Span.MatchedBy(
        Character.Letter.Or(Character.EqualTo('_'))
            .IgnoreThen(Character.LetterOrDigit.Or(Character.EqualTo('_')).Many()));

    private static readonly TextParser<TextSpan> StringText = Span.MatchedBy(QuotedString.SqlStyle);

    private static readonly TextParser<TextSpan> QuotedWord = Span.MatchedBy(
        Character.EqualTo('"')
            .IgnoreThen(Span.EqualTo("\"\"").Value('"').Try().Or(Character.Except('"')).Many())
            .IgnoreThen(Character.EqualTo('"')));

    // 12, 1.5, and with an exponent (1e3, 2.5E-4), which DuckDB reads as a DOUBLE. An 'e' without digits after
    // it is not an exponent and is left to the next token.
    private static readonly TextParser<TextSpan> Number = Span.MatchedBy(
        Numerics.Decimal.IgnoreThen(
            Character.In('e', 'E')
                .IgnoreThen(Character.In('+', '-').Optional())
                .IgnoreThen(Numerics.Natural)
                .Try()
                .OptionalOrDefault()));

    // A path runs to the next blank or delimiter; '(' ends it so that read_parquet('x') still tokenizes.
    private static readonly TextParser<TextSpan> PathText =
        Span.WithoutAny(c => char.IsWhiteSpace(c) || c is '(' or ')' or ',' or ';');

    protected override IEnumerable<Result<SqlToken>> Tokenize(TextSpan span)
    {
        var afterFrom = false;
        var next = SkipWhiteSpace(span);
        while (next.HasValue)
        {
            var start = next.Location;
            var c = next.Value;
            var wasAfterFrom = afterFrom;
            afterFrom = false;
            Result<SqlToken> token;
            if (c == '/' && start.Length > 1 && start[1] == '*')
            {
                // Block comment: skip to the closing */ (they do not nest, as in DuckDB).
                var rest = start.Skip(2);
                var closed = false;
                while (!rest.IsAtEnd)
                {
                    if (rest.Length > 1 && rest[0] == '*' && rest[1] == '/')
                    {
                        rest = rest.Skip(2);
                        closed = true;
                        break;
                    }
                    rest = rest.Skip(1);
                }
                if (!closed)
                {
                    yield return Result.Empty<SqlToken>(start, "the end of the comment (*/) that starts here");
                    yield break;
                }
                next = SkipWhiteSpace(rest);
                afterFrom = wasAfterFrom;
                continue;
            }
            if (c == '-' && start.Length > 1 && start[1] == '-')
            {
                // Line comment: skip to the end of the line.
                var rest = start;
                while (!rest.IsAtEnd && rest.ConsumeChar().Value != '\n')
                {
                    rest = rest.ConsumeChar().Remainder;
                }
                next = SkipWhiteSpace(rest);
                afterFrom = wasAfterFrom;
                continue;
            }
            if (wasAfterFrom && c is not ('(' or '\'' or '"'))
            {
                var path = PathText(start);
                token = path.HasValue && path.Value.Length > 0
                    ? Result.Value(SqlToken.Path, start, path.Remainder)
                    : Result.Empty<SqlToken>(start, "a path or URL after FROM");
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var word = Word(start);
                var kind = Keywords.TryGetValue(word.Value.ToStringValue(), out var keyword) ? keyword : SqlToken.Identifier;
                afterFrom = kind == SqlToken.From;
                token = Result.Value(kind, start, word.Remainder);
            }
            else if (char.IsDigit(c))
            {
                var number = Number(start);
                var isDecimal = number.HasValue && number.Value.ToStringValue().AsSpan().IndexOfAny(".eE") >= 0;
                token = number.HasValue
                    ? Result.Value(isDecimal ? SqlToken.DecimalLiteral : SqlToken.IntegerLiteral, start, number.Remainder)
                    : Result.Empty<SqlToken>(start, "a number");
            }
            else if (c == '\'')
            {
                var text = StringText(start);
                token = text.HasValue
                    ? Result.Value(SqlToken.StringLiteral, start, text.Remainder)
                    : Result.Empty<SqlToken>(start, "a closing quote");
            }
            else if (c == '"')
            {
                var text = QuotedWord(start);
                token = text.HasValue
                    ? Result.Value(SqlToken.QuotedIdentifier, start, text.Remainder)
                    : Result.Empty<SqlToken>(start, "a closing double quote");
            }
            else
            {
                token = Symbol(start, c);
            }
            yield return token;
            if (!token.HasValue)
            {
                yield break;
            }
            next = SkipWhiteSpace(token.Remainder);
        }
    }

    private static Result<SqlToken> Symbol(TextSpan start, char c)
    {
        var second = start.Length > 1 ? start[1] : '\0';
        return (c, second) switch
        {
            ('<', '=') => Two(SqlToken.LessOrEqual),
            ('>', '=') => Two(SqlToken.GreaterOrEqual),
            ('<', '>') => Two(SqlToken.NotEqual),
            ('!', '=') => Two(SqlToken.NotEqual),
            ('=', '=') => Two(SqlToken.Equal),
            (':', ':') => Two(SqlToken.DoubleColon),
            ('<', _) => One(SqlToken.Less),
            ('>', _) => One(SqlToken.Greater),
            ('=', _) => One(SqlToken.Equal),
            (',', _) => One(SqlToken.Comma),
            ('.', _) => One(SqlToken.Dot),
            ('(', _) => One(SqlToken.LeftParen),
            (')', _) => One(SqlToken.RightParen),
            ('*', _) => One(SqlToken.Star),
            ('+', _) => One(SqlToken.Plus),
            ('-', _) => One(SqlToken.Minus),
            ('/', _) => One(SqlToken.Slash),
            ('%', _) => One(SqlToken.Percent),
            (';', _) => One(SqlToken.Semicolon),
            _ => Result.Empty<SqlToken>(start, "an SQL token"),
        };

        Result<SqlToken> One(SqlToken kind) => Result.Value(kind, start, start.Skip(1));

        Result<SqlToken> Two(SqlToken kind) => Result.Value(kind, start, start.Skip(2));
    }
}
