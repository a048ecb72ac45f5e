using System.Globalization;
using System.Text;

namespace DataLocal.Common.Query;

/// <summary>
/// Renders expressions as canonical SQL text: the default output column name (DuckDB style, e.g.
/// <c>count_star()</c>, <c>sum(l_quantity)</c>) and the identity used to match GROUP BY and ORDER BY
/// expressions against SELECT items.
/// </summary>
public static class ExprText
{
    public static string Render(SqlExpr expr)
    {
        ArgumentNullException.ThrowIfNull(expr);
        var text = new StringBuilder();
        Append(text, expr);
        return text.ToString();
    }

    private static void Append(StringBuilder text, SqlExpr expr)
    {
        switch (expr)
        {
            case ColumnExpr column:
                text.Append(column.Name);
                break;
            case LiteralExpr literal:
                text.Append(Literal(literal.Value));
                break;
            case SlotExpr slot:
                text.Append(slot.Name);
                break;
            case StarExpr:
                text.Append('*');
                break;
            case UnaryExpr { Operator: UnaryOperator.Negate } unary:
                text.Append('-');
                Append(text, unary.Operand);
                break;
            case UnaryExpr unary:
                text.Append("(NOT ");
                Append(text, unary.Operand);
                text.Append(')');
                break;
            case BinaryExpr binary:
                text.Append('(');
                Append(text, binary.Left);
                text.Append(' ').Append(Symbol(binary.Operator)).Append(' ');
                Append(text, binary.Right);
                text.Append(')');
                break;
            case InExpr inList:
                text.Append('(');
                Append(text, inList.Operand);
                text.Append(inList.Negated ? " NOT IN (" : " IN (");
                AppendList(text, inList.Items);
                text.Append("))");
                break;
            case BetweenExpr between:
                text.Append('(');
                Append(text, between.Operand);
                text.Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
                Append(text, between.Low);
                text.Append(" AND ");
                Append(text, between.High);
                text.Append(')');
                break;
            case IsNullExpr isNull:
                text.Append('(');
                Append(text, isNull.Operand);
                text.Append(isNull.Negated ? " IS NOT NULL)" : " IS NULL)");
                break;
            case FunctionExpr function:
                text.Append(function.Name).Append('(');
                AppendList(text, function.Arguments);
                text.Append(')');
                break;
            case AggregateExpr { Argument: null }:
                text.Append("count_star()");
                break;
            case AggregateExpr aggregate:
                text.Append(Name(aggregate.Function)).Append('(');
                Append(text, aggregate.Argument);
                text.Append(')');
                break;
            default:
                throw new QueryException($"cannot render expression {expr.GetType().Name}");
        }
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<SqlExpr> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            Append(text, items[i]);
        }
    }

    /// <summary>The SQL name of an aggregate function.</summary>
    public static string Name(AggregateFunction function) => function switch
    {
        AggregateFunction.CountStar => "count_star",
        AggregateFunction.Count => "count",
        AggregateFunction.Sum => "sum",
        AggregateFunction.Min => "min",
        AggregateFunction.Max => "max",
        _ => "avg",
    };

    public static string Symbol(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Modulo => "%",
        BinaryOperator.Equal => "=",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.And => "AND",
        _ => "OR",
    };

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        DateOnly d => "DATE '" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
        DateTime t => "TIMESTAMP '" + QueryResult.Format(t) + "'",
        bool b => b ? "true" : "false",
        _ => QueryResult.Format(value),
    };
}
