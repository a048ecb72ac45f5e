using DataLocal.Common.Query;

namespace DataLocal.DataNode.Compute;

/// <summary>
/// Evaluates expressions over a batch of rows (a row group's columns) a whole vector at a time, with SQL
/// three-valued logic, and turns the WHERE condition into the list of selected rows.
/// </summary>
internal sealed class VectorEvaluator(IReadOnlyDictionary<string, ColumnVector> columns, int rows)
{
    public int Rows => rows;

    public ColumnVector Evaluate(SqlExpr expr) => expr switch
    {
        ColumnExpr column => columns.TryGetValue(column.Name, out var vector)
            ? vector
            : throw new QueryException($"column '{column.Name}' does not exist"),
        LiteralExpr literal => ColumnVector.Constant(literal.Value, rows),
        UnaryExpr { Operator: UnaryOperator.Not } not => Not(Evaluate(not.Operand)),
        UnaryExpr negate => VectorKernels.Arithmetic(
            BinaryOperator.Subtract, ColumnVector.Constant(0L, rows), Evaluate(negate.Operand), rows),
        BinaryExpr { Operator: BinaryOperator.And } and => And(Evaluate(and.Left), Evaluate(and.Right)),
        BinaryExpr { Operator: BinaryOperator.Or } or => Or(Evaluate(or.Left), Evaluate(or.Right)),
        BinaryExpr binary when SqlValues.IsComparison(binary.Operator) =>
            VectorKernels.Compare(binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right), rows),
        BinaryExpr binary => VectorKernels.Arithmetic(binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right), rows),
        IsNullExpr isNull => IsNull(Evaluate(isNull.Operand), isNull.Negated),
        BetweenExpr between => Between(between),
        InExpr inList => In(inList),
        FunctionExpr function => VectorFunctions.Apply(function, Evaluate(function.Arguments[0]), rows),
        _ => throw new QueryException($"{expr} cannot be evaluated per row"),
    };

    /// <summary>Indexes of the rows where <paramref name="filter"/> is TRUE (not FALSE, not NULL); all rows when null.</summary>
    public int[] Select(SqlExpr? filter)
    {
        if (filter is null)
        {
            var all = VectorBuffers.Rent<int>(rows);
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = i;
            }
            return all;
        }
        var condition = Evaluate(filter);
        if (condition.Kind == ValueKind.Null)
        {
            return [];
        }
        CheckBoolean(condition);
        var values = condition.Bools!;
        if (condition.Nulls is null && !condition.IsConstant)
        {
            // Without NULLs: counted by a vectorised search, then the indexes in one plain loop.
            var selection = VectorBuffers.Rent<int>(values.AsSpan(0, rows).Count(true));
            for (int i = 0, taken = 0; taken < selection.Length; i++)
            {
                if (values[i])
                {
                    selection[taken++] = i;
                }
            }
            return selection;
        }
        // Counted first, so the selection is one array of its exact length (pooled for the row group).
        var count = 0;
        for (var i = 0; i < rows; i++)
        {
            if (values[condition.IsConstant ? 0 : i] && !condition.IsNull(i))
            {
                count++;
            }
        }
        var selected = VectorBuffers.Rent<int>(count);
        var next = 0;
        for (var i = 0; next < count; i++)
        {
            if (values[condition.IsConstant ? 0 : i] && !condition.IsNull(i))
            {
                selected[next++] = i;
            }
        }
        return selected;
    }

    private ColumnVector Between(BetweenExpr between)
    {
        var value = Evaluate(between.Operand);
        var inside = And(
            VectorKernels.Compare(BinaryOperator.GreaterOrEqual, value, Evaluate(between.Low), rows),
            VectorKernels.Compare(BinaryOperator.LessOrEqual, value, Evaluate(between.High), rows));
        return between.Negated ? Not(inside) : inside;
    }

    private ColumnVector In(InExpr inList)
    {
        var value = Evaluate(inList.Operand);
        if (InListSet.For(inList, value.Kind) is { } set)
        {
            var contained = InListKernel.Contains(set, value, rows);
            return inList.Negated ? Not(contained) : contained;
        }
        // An item that is not a constant: compared item by item.
        ColumnVector? found = null;
        foreach (var item in inList.Items)
        {
            var equal = VectorKernels.Compare(BinaryOperator.Equal, value, Evaluate(item), rows);
            found = found is null ? equal : Or(found, equal);
        }
        return inList.Negated ? Not(found!) : found!;
    }

    private ColumnVector IsNull(ColumnVector value, bool negated)
    {
        var result = VectorBuffers.Rent<bool>(rows);
        for (var i = 0; i < rows; i++)
        {
            result[i] = value.IsNull(i) != negated;
        }
        return ColumnVector.OfBools(result, null);
    }

    private ColumnVector Not(ColumnVector value)
    {
        if (value.Kind == ValueKind.Null)
        {
            return value;
        }
        CheckBoolean(value);
        var result = VectorBuffers.Rent<bool>(rows);
        for (var i = 0; i < rows; i++)
        {
            result[i] = !value.Bools![value.IsConstant ? 0 : i];
        }
        return ColumnVector.OfBools(result, Expand(value));
    }

    // Three-valued AND: FALSE wins over NULL, NULL over TRUE.
    private ColumnVector And(ColumnVector left, ColumnVector right) => Logic(left, right, dominant: false);

    // Three-valued OR: TRUE wins over NULL, NULL over FALSE.
    private ColumnVector Or(ColumnVector left, ColumnVector right) => Logic(left, right, dominant: true);

    private ColumnVector Logic(ColumnVector left, ColumnVector right, bool dominant)
    {
        CheckBoolean(left);
        CheckBoolean(right);
        var result = VectorBuffers.Rent<bool>(rows);
        if (left.Nulls is null && right.Nulls is null && !left.IsConstant && !right.IsConstant)
        {
            // Two-valued, the usual case (a AND b over columns without NULLs): one tight loop.
            BooleanKernels.Combine(left.Bools!, right.Bools!, either: dominant, result.AsSpan(0, rows));
            return ColumnVector.OfBools(result, null);
        }
        bool[]? nulls = null;
        for (var i = 0; i < rows; i++)
        {
            var leftNull = left.IsNull(i);
            var rightNull = right.IsNull(i);
            var leftDominant = !leftNull && left.Bools![left.IsConstant ? 0 : i] == dominant;
            var rightDominant = !rightNull && right.Bools![right.IsConstant ? 0 : i] == dominant;
            if (leftDominant || rightDominant)
            {
                result[i] = dominant;
            }
            else if (leftNull || rightNull)
            {
                nulls ??= VectorBuffers.Rent<bool>(rows);
                nulls[i] = true;
            }
            else
            {
                result[i] = !dominant;
            }
        }
        return ColumnVector.OfBools(result, nulls);
    }

    private bool[]? Expand(ColumnVector value)
    {
        if (value.Nulls is null)
        {
            return null;
        }
        var nulls = VectorBuffers.Rent<bool>(rows);
        for (var i = 0; i < rows; i++)
        {
            nulls[i] = value.IsNull(i);
        }
        return nulls;
    }

    private static void CheckBoolean(ColumnVector value)
    {
        if (value.Kind is not (ValueKind.Boolean or ValueKind.Null))
        {
            throw new QueryException($"{value.Kind.ToString().ToUpperInvariant()} is not a boolean condition");
        }
    }
}
