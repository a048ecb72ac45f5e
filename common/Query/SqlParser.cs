using System.Globalization;
using Superpower;
using Superpower.Model;
using Superpower.Parsers;

namespace DataLocal.Common.Query;

/// <summary>
/// The grammar of the SQL subset, as Superpower token-list parsers, precedence lowest first. Every rule that
/// recurses into itself goes through <see cref="ParserNestingGuard"/>, and the text, tokens and parsed trees
/// are checked against <see cref="QueryLimits"/>, so no input can overflow the stack or keep the parser busy.
/// </summary>
internal static class SqlParser
{
    private static readonly string[] AggregateNames = ["count", "sum", "min", "max", "avg"];

    public static SelectStatement ParseStatement(string sql)
    {
        QuerySizeCheck.CheckText(sql);
        var tokens = SqlTokenizer.Instance.TryTokenize(sql);
        if (!tokens.HasValue)
        {
            throw new QueryException("invalid SQL: " + tokens);
        }
        QuerySizeCheck.CheckTokens(tokens.Value);
        UnsupportedSqlCheck.Check(tokens.Value);
        var result = Statement.TryParse(tokens.Value);
        if (!result.HasValue && !result.Remainder.IsAtEnd)
        {
            throw new QueryException("invalid SQL: " + result);
        }
        if (!result.HasValue)
        {
            // Superpower gives no position at the end of input; the end of the text is where the error is.
            var line = sql.Count(c => c == '\n') + 1;
            var column = sql.Length - sql.LastIndexOf('\n');
            throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                $"invalid SQL: Syntax error (line {line}, column {column}): {result.FormatErrorMessageFragment()}."));
        }
        ExpressionShapeCheck.Check(result.Value);
        return result.Value;
    }

    // OptionalOrDefault with a nullable result type, which Superpower's signature does not infer under nullable analysis.
    private static TokenListParser<SqlToken, T?> Optional<T>(TokenListParser<SqlToken, T> parser)
        where T : class => parser.Select(value => (T?)value).OptionalOrDefault();

    private static TokenListParser<SqlToken, Token<SqlToken>> Tok(SqlToken kind) => Token.EqualTo(kind);

    private static TokenListParser<SqlToken, Token<SqlToken>> Word(string word) =>
        Token.EqualToValueIgnoreCase(SqlToken.Identifier, word);

    private static readonly TokenListParser<SqlToken, string> Name =
        Tok(SqlToken.Identifier).Select(t => t.ToStringValue())
            .Or(Tok(SqlToken.QuotedIdentifier).Select(t => Unquote(t.ToStringValue(), '"')));

    // Dotted names address fields inside structs (a.b); each part may be quoted.
    private static readonly TokenListParser<SqlToken, string> DottedName =
        Name.AtLeastOnceDelimitedBy(Tok(SqlToken.Dot)).Select(parts => string.Join('.', parts));

    private static readonly TokenListParser<SqlToken, SqlExpr> Literal =
        Tok(SqlToken.IntegerLiteral).Select(t => (SqlExpr)new LiteralExpr(IntegerValue(t.ToStringValue())))
            .Or(Tok(SqlToken.DecimalLiteral).Select(t => (SqlExpr)new LiteralExpr(DecimalValue(t.ToStringValue()))))
            .Or(Tok(SqlToken.StringLiteral).Select(t => (SqlExpr)new LiteralExpr(Unquote(t.ToStringValue(), '\''))))
            .Or(Tok(SqlToken.True).Value((SqlExpr)new LiteralExpr(true)))
            .Or(Tok(SqlToken.False).Value((SqlExpr)new LiteralExpr(false)))
            .Or(Tok(SqlToken.Null).Value((SqlExpr)new LiteralExpr(null)))
            .Or(Word("date").IgnoreThen(Tok(SqlToken.StringLiteral)).Try()
                .Select(t => (SqlExpr)new LiteralExpr(SqlValues.ParseDate(Unquote(t.ToStringValue(), '\'')))))
            .Or(Word("timestamp").IgnoreThen(Tok(SqlToken.StringLiteral)).Try()
                .Select(t => (SqlExpr)new LiteralExpr(SqlValues.ParseTimestampLiteral(Unquote(t.ToStringValue(), '\'')))));

    private static readonly TokenListParser<SqlToken, SqlExpr> Expr = Parse.Ref(() => OrExpr!);

    // An expression inside another one (in parentheses, call arguments or an IN list): one nesting level deeper.
    private static readonly TokenListParser<SqlToken, SqlExpr> NestedExpr = ParserNestingGuard.Nested(() => OrExpr!);

    private static readonly TokenListParser<SqlToken, SqlExpr[]> ExprList =
        Expr.AtLeastOnceDelimitedBy(Tok(SqlToken.Comma));

    // Call arguments; null means "no parentheses" (a column), a lone * gives count(*).
    private static readonly TokenListParser<SqlToken, CallArguments> CallArgs =
        Tok(SqlToken.LeftParen).IgnoreThen(
            Tok(SqlToken.Star).Value(new CallArguments(true, []))
                .Or(NestedExpr.ManyDelimitedBy(Tok(SqlToken.Comma)).Select(args => new CallArguments(false, args))))
            .Then(args => Tok(SqlToken.RightParen).Value(args));

    private static readonly TokenListParser<SqlToken, SqlExpr> NameOrCall =
        from name in DottedName
        from args in Optional(CallArgs)
        select args is null ? new ColumnExpr(name) : Call(name, args);

    private static readonly TokenListParser<SqlToken, SqlExpr> Parenthesized =
        Tok(SqlToken.LeftParen).IgnoreThen(NestedExpr).Then(e => Tok(SqlToken.RightParen).Value(e));

    private static readonly TokenListParser<SqlToken, SqlExpr> Primary =
        Literal.Or(Parenthesized).Or(NameOrCall).Named("expression");

    private static readonly TokenListParser<SqlToken, SqlExpr> Unary =
        Tok(SqlToken.Minus).IgnoreThen(ParserNestingGuard.Nested(() => Unary!)).Select(Negate)
            .Or(Tok(SqlToken.Plus).IgnoreThen(ParserNestingGuard.Nested(() => Unary!)))
            .Or(Primary);

    private static readonly TokenListParser<SqlToken, BinaryOperator> MultiplyOp =
        Tok(SqlToken.Star).Value(BinaryOperator.Multiply)
            .Or(Tok(SqlToken.Slash).Value(BinaryOperator.Divide))
            .Or(Tok(SqlToken.Percent).Value(BinaryOperator.Modulo));

    private static readonly TokenListParser<SqlToken, BinaryOperator> AddOp =
        Tok(SqlToken.Plus).Value(BinaryOperator.Add).Or(Tok(SqlToken.Minus).Value(BinaryOperator.Subtract));

    private static readonly TokenListParser<SqlToken, BinaryOperator> CompareOp =
        Tok(SqlToken.Equal).Value(BinaryOperator.Equal)
            .Or(Tok(SqlToken.NotEqual).Value(BinaryOperator.NotEqual))
            .Or(Tok(SqlToken.Less).Value(BinaryOperator.Less))
            .Or(Tok(SqlToken.LessOrEqual).Value(BinaryOperator.LessOrEqual))
            .Or(Tok(SqlToken.Greater).Value(BinaryOperator.Greater))
            .Or(Tok(SqlToken.GreaterOrEqual).Value(BinaryOperator.GreaterOrEqual));

    private static readonly TokenListParser<SqlToken, SqlExpr> Multiplicative =
        Parse.Chain(MultiplyOp, Unary, (op, left, right) => new BinaryExpr(op, left, right));

    private static readonly TokenListParser<SqlToken, SqlExpr> Additive =
        Parse.Chain(AddOp, Multiplicative, (op, left, right) => new BinaryExpr(op, left, right));

    private static readonly TokenListParser<SqlToken, SqlExpr> Predicate =
        Additive.Then(left => PredicateSuffix(left).OptionalOrDefault(left));

    private static readonly TokenListParser<SqlToken, SqlExpr> NotExpr =
        Tok(SqlToken.Not).IgnoreThen(ParserNestingGuard.Nested(() => NotExpr!)).Select(e => (SqlExpr)new UnaryExpr(UnaryOperator.Not, e))
            .Or(Predicate);

    private static readonly TokenListParser<SqlToken, SqlExpr> AndExpr =
        Parse.Chain(Tok(SqlToken.And).Value(BinaryOperator.And), NotExpr, (op, left, right) => new BinaryExpr(op, left, right));

    private static readonly TokenListParser<SqlToken, SqlExpr> OrExpr =
        Parse.Chain(Tok(SqlToken.Or).Value(BinaryOperator.Or), AndExpr, (op, left, right) => new BinaryExpr(op, left, right));

    private static readonly TokenListParser<SqlToken, string> Alias =
        Tok(SqlToken.As).IgnoreThen(Name.Or(Tok(SqlToken.StringLiteral).Select(t => Unquote(t.ToStringValue(), '\''))))
            .Or(Name);

    private static readonly TokenListParser<SqlToken, SelectItem> SelectItemParser =
        Tok(SqlToken.Star).Value(new SelectItem(new StarExpr(), null))
            .Or(from expr in Expr
                from alias in Optional(Alias)
                select new SelectItem(expr, alias));

    private static readonly TokenListParser<SqlToken, (string Text, bool Quoted)> Source =
        (from path in Tok(SqlToken.Path)
         from argument in Tok(SqlToken.LeftParen).IgnoreThen(Tok(SqlToken.StringLiteral))
             .Then(t => Tok(SqlToken.RightParen).Value(t)).OptionalOrDefault()
         select argument.HasValue
             ? (Unquote(argument.ToStringValue(), '\''), true)
             : (path.ToStringValue(), false))
        .Or(Tok(SqlToken.StringLiteral).Select(t => (Unquote(t.ToStringValue(), '\''), true)))
        .Or(Tok(SqlToken.QuotedIdentifier).Select(t => (Unquote(t.ToStringValue(), '"'), true)))
        .Named("a path or URL");

    private static readonly TokenListParser<SqlToken, GroupByClause> GroupBy =
        Tok(SqlToken.Group).IgnoreThen(Tok(SqlToken.By)).IgnoreThen(
            Word("all").Value(new GroupByClause(true, []))
                .Or(ExprList.Select(items => new GroupByClause(false, items))));

    private static readonly TokenListParser<SqlToken, bool?> NullsOrder =
        Word("nulls").IgnoreThen(Word("first").Value((bool?)true).Or(Word("last").Value((bool?)false)));

    private static readonly TokenListParser<SqlToken, OrderItem> OrderItemParser =
        from expr in Expr
        from isDescending in Tok(SqlToken.Asc).Value(false).Or(Tok(SqlToken.Desc).Value(true)).OptionalOrDefault()
        from nullsFirst in NullsOrder.OptionalOrDefault()
        select new OrderItem(expr, isDescending, nullsFirst);

    private static readonly TokenListParser<SqlToken, OrderByClause> OrderBy =
        Tok(SqlToken.Order).IgnoreThen(Tok(SqlToken.By)).IgnoreThen(
            Word("all").IgnoreThen(Tok(SqlToken.Asc).Or(Tok(SqlToken.Desc)).Optional())
                .Select(direction => new OrderByClause(true,
                    [new OrderItem(new StarExpr(), direction.HasValue && direction.Value.Kind == SqlToken.Desc, null)]))
                .Or(OrderItemParser.AtLeastOnceDelimitedBy(Tok(SqlToken.Comma)).Select(items => new OrderByClause(false, items))));

    // LIMIT takes whatever token follows, so that a wrong one is named in words rather than as a syntax error.
    private static readonly TokenListParser<SqlToken, long?> Limit =
        Tok(SqlToken.Limit).IgnoreThen(Token.Matching<SqlToken>(_ => true, "a number of rows").OptionalOrDefault())
            .Select(LimitCount);

    private static readonly TokenListParser<SqlToken, SelectStatement> Statement =
        (from selectToken in Tok(SqlToken.Select)
         from items in SelectItemParser.AtLeastOnceDelimitedBy(Tok(SqlToken.Comma))
         from source in Tok(SqlToken.From).IgnoreThen(Source)
         from filter in Optional(Tok(SqlToken.Where).IgnoreThen(Expr))
         from grouping in Optional(GroupBy)
         from ordering in Optional(OrderBy)
         from limit in Limit.OptionalOrDefault()
         from end in Tok(SqlToken.Semicolon).Optional()
         select new SelectStatement(items, source.Text, source.Quoted, filter, grouping, ordering, limit))
        .AtEnd();

    private static TokenListParser<SqlToken, SqlExpr> PredicateSuffix(SqlExpr left) =>
        (from op in CompareOp
         from right in Additive
         select (SqlExpr)new BinaryExpr(op, left, right))
        .Or(from isToken in Tok(SqlToken.Is)
            from negation in Tok(SqlToken.Not).Optional()
            from nullToken in Tok(SqlToken.Null)
            select (SqlExpr)new IsNullExpr(left, negation.HasValue))
        .Or(from negation in Tok(SqlToken.Not).Optional()
            from suffix in InSuffix(left, negation.HasValue).Or(BetweenSuffix(left, negation.HasValue))
            select suffix);

    private static TokenListParser<SqlToken, SqlExpr> InSuffix(SqlExpr left, bool negated) =>
        from inToken in Tok(SqlToken.In)
        from open in Tok(SqlToken.LeftParen)
        from items in NestedExpr.AtLeastOnceDelimitedBy(Tok(SqlToken.Comma))
        from close in Tok(SqlToken.RightParen)
        select (SqlExpr)new InExpr(left, items, negated);

    private static TokenListParser<SqlToken, SqlExpr> BetweenSuffix(SqlExpr left, bool negated) =>
        from betweenToken in Tok(SqlToken.Between)
        from low in Additive
        from andToken in Tok(SqlToken.And)
        from high in Additive
        select (SqlExpr)new BetweenExpr(left, low, high, negated);

    private static long? LimitCount(Token<SqlToken> token)
    {
        if (!token.HasValue)
        {
            throw new QueryException("LIMIT needs a whole number of rows (0 or more) after it");
        }
        var text = token.ToStringValue();
        return token.Kind switch
        {
            SqlToken.IntegerLiteral => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new QueryException("LIMIT is too large"),
            SqlToken.Minus => throw new QueryException("LIMIT cannot be negative; give a whole number of rows, 0 or more"),
            _ => throw new QueryException($"LIMIT needs a whole number of rows (0 or more), not '{(text.Length > 20 ? text[..20] + "…" : text)}'"),
        };
    }

    private static SqlExpr Call(string name, CallArguments args)
    {
        var lower = name.ToUpperInvariant() switch
        {
            "COUNT" => "count",
            "SUM" => "sum",
            "MIN" => "min",
            "MAX" => "max",
            "AVG" => "avg",
            "ROUND" => "round",
            "ABS" => "abs",
            _ => name,
        };
        if (args.Star)
        {
            return lower == "count"
                ? new AggregateExpr(AggregateFunction.CountStar, null)
                : throw new QueryException($"invalid SQL: {name}(*) is only valid for count");
        }
        if (Array.IndexOf(AggregateNames, lower) < 0)
        {
            return new FunctionExpr(lower, args.Arguments);
        }
        if (args.Arguments.Count != 1)
        {
            throw new QueryException($"invalid SQL: {lower} takes exactly one argument");
        }
        var function = lower switch
        {
            "count" => AggregateFunction.Count,
            "sum" => AggregateFunction.Sum,
            "min" => AggregateFunction.Min,
            "max" => AggregateFunction.Max,
            _ => AggregateFunction.Avg,
        };
        return new AggregateExpr(function, args.Arguments[0]);
    }

    // Folding the sign into a numeric literal keeps "-5" a literal, which block pruning and IN lists rely on.
    private static SqlExpr Negate(SqlExpr operand) => operand switch
    {
        LiteralExpr { Value: long v } when v != long.MinValue => new LiteralExpr(-v),
        LiteralExpr { Value: decimal v } => new LiteralExpr(-v),
        LiteralExpr { Value: double v } => new LiteralExpr(-v),
        _ => new UnaryExpr(UnaryOperator.Negate, operand),
    };

    // An integer beyond BIGINT stays exact as a decimal while one fits (29 digits), then becomes the nearest
    // double, as DuckDB reads integer literals beyond HUGEINT; so `x < 99999999999999999999999999999999`
    // compares and answers as DuckDB does.
    private static object IntegerValue(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : decimal.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
                ? d
                : FiniteDouble(text);

    // A literal with a fraction is exact as a decimal while one holds it, else the nearest double (DuckDB
    // turns decimal literals wider than DECIMAL(38) into DOUBLE); one with an exponent is a DOUBLE, as in DuckDB.
    private static object DecimalValue(string text) =>
        text.AsSpan().IndexOfAny('e', 'E') < 0 && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : FiniteDouble(text);

    private static double FiniteDouble(string text)
    {
        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value)
            ? value
            : throw new QueryException(string.Create(CultureInfo.InvariantCulture,
                $"the number {(text.Length > 20 ? text[..20] + "…" : text)} ({text.Length:N0} characters) is beyond the range of DOUBLE (about 1.8e308); use a smaller number"));
    }

    private static string Unquote(string quoted, char quote) =>
        quoted[1..^1].Replace(new string(quote, 2), quote.ToString(), StringComparison.Ordinal);

    private sealed record CallArguments(bool Star, IReadOnlyList<SqlExpr> Arguments);
}
