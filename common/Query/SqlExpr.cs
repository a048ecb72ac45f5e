namespace DataLocal.Common.Query;

/// <summary>
/// An expression of the SQL subset. Nodes are immutable; two expressions are "the same" (GROUP BY matching,
/// ORDER BY resolution) when their canonical text (<see cref="ExprText"/>) is equal, not by record equality,
/// because list-valued members compare by reference.
/// </summary>
public abstract record SqlExpr
{
    /// <summary>Canonical SQL text, also the DuckDB-like output column name.</summary>
    public sealed override string ToString() => ExprText.Render(this);
}

/// <summary>A column of the queried file, by name (dotted for a field inside a struct).</summary>
public sealed record ColumnExpr(string Name) : SqlExpr;

/// <summary>A constant: null, bool, long, decimal, double, string or <see cref="DateOnly"/>.</summary>
public sealed record LiteralExpr(object? Value) : SqlExpr;

public sealed record UnaryExpr(UnaryOperator Operator, SqlExpr Operand) : SqlExpr;

public sealed record BinaryExpr(BinaryOperator Operator, SqlExpr Left, SqlExpr Right) : SqlExpr;

/// <summary><c>x [NOT] IN (a, b, …)</c>.</summary>
public sealed record InExpr(SqlExpr Operand, IReadOnlyList<SqlExpr> Items, bool Negated) : SqlExpr;

/// <summary><c>x [NOT] BETWEEN low AND high</c>, inclusive.</summary>
public sealed record BetweenExpr(SqlExpr Operand, SqlExpr Low, SqlExpr High, bool Negated) : SqlExpr;

/// <summary><c>x IS [NOT] NULL</c>.</summary>
public sealed record IsNullExpr(SqlExpr Operand, bool Negated) : SqlExpr;

/// <summary>A scalar function call (<c>round</c>, <c>abs</c>); names are kept lower-case.</summary>
public sealed record FunctionExpr(string Name, IReadOnlyList<SqlExpr> Arguments) : SqlExpr;

/// <summary>An aggregate call; <see cref="Argument"/> is null for <c>count(*)</c>.</summary>
public sealed record AggregateExpr(AggregateFunction Function, SqlExpr? Argument) : SqlExpr;

/// <summary>
/// After aggregation, a value of the merged row: group key <c>i</c>, then aggregate <c>i - keys</c>.
/// Output expressions of aggregate queries are written over these slots.
/// </summary>
public sealed record SlotExpr(int Index, string Name) : SqlExpr;

/// <summary><c>*</c> in the SELECT list: every column of the file, expanded where the schema is known.</summary>
public sealed record StarExpr : SqlExpr;

public enum UnaryOperator
{
    Negate,
    Not,
}

public enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

public enum AggregateFunction
{
    CountStar,
    Count,
    Sum,
    Min,
    Max,
    Avg,
}
