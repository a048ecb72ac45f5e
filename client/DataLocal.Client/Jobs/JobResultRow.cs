using System.Collections;
using System.Globalization;

namespace DataLocal.Client.Jobs;

/// <summary>
/// One row of a job's result with typed values: each column reads as the .NET type of its SQL type
/// (BIGINT <see cref="long"/>, INTEGER <see cref="int"/>, DOUBLE <see cref="double"/>, FLOAT <see cref="float"/>,
/// DECIMAL <see cref="decimal"/>, VARCHAR <see cref="string"/>, BOOLEAN <see cref="bool"/>, DATE
/// <see cref="DateOnly"/>, TIMESTAMP <see cref="DateTime"/>), and SQL NULL as null.
/// </summary>
public sealed class JobResultRow : IReadOnlyList<object?>
{
    private readonly ResultSchema _schema;
    private readonly IReadOnlyList<string?> _texts;
    private readonly object?[] _values;

    internal JobResultRow(ResultSchema schema, IReadOnlyList<string?> texts)
    {
        _schema = schema;
        _texts = texts;
        _values = schema.Parse(texts);
    }

    /// <summary>The result's column names, in order.</summary>
    public IReadOnlyList<string> Columns => _schema.Columns;

    /// <summary>Each column's SQL type as DuckDB names it (BIGINT, DECIMAL(9,2), DATE, …); VARCHAR for all when the namenode did not say.</summary>
    public IReadOnlyList<string> ColumnSqlTypes => _schema.SqlTypes;

    /// <summary>The number of columns.</summary>
    public int Count => _values.Length;

    /// <summary>The value of the column at <paramref name="ordinal"/>, typed, or null for SQL NULL.</summary>
    public object? this[int ordinal] => _values[ordinal];

    /// <summary>The value of the named column (exact name first, then ignoring case), typed, or null for SQL NULL.</summary>
    /// <exception cref="KeyNotFoundException">The result has no such column.</exception>
    public object? this[string column] => _values[GetOrdinal(column)];

    /// <summary>True when the column's value is SQL NULL.</summary>
    public bool IsNull(int ordinal) => _values[ordinal] is null;

    /// <summary>True when the named column's value is SQL NULL.</summary>
    public bool IsNull(string column) => IsNull(GetOrdinal(column));

    /// <summary>The index of the named column (exact name first, then ignoring case).</summary>
    /// <exception cref="KeyNotFoundException">The result has no such column.</exception>
    public int GetOrdinal(string column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var index = _schema.IndexOf(column);
        return index >= 0
            ? index
            : throw new KeyNotFoundException($"the result has no column '{column}' (columns: {string.Join(", ", Columns)})");
    }

    /// <summary>The .NET type the column's values have (<see cref="string"/> for a type this library does not know).</summary>
    public Type GetFieldType(int ordinal) => _schema.ClrTypes[ordinal];

    /// <summary>The value exactly as the namenode sent it: invariant text, or null for SQL NULL.</summary>
    public string? GetText(int ordinal) => _texts[ordinal];

    /// <summary>
    /// The value as <typeparamref name="T"/>: its own type, a nullable one (null for SQL NULL), <see cref="object"/>,
    /// or another numeric type it converts to without overflow (an INTEGER as <see cref="long"/>, a DECIMAL as <see cref="double"/>).
    /// </summary>
    /// <exception cref="InvalidCastException">The value is SQL NULL and <typeparamref name="T"/> cannot hold null, or it is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="OverflowException">The number does not fit in <typeparamref name="T"/>.</exception>
    public T Get<T>(int ordinal)
    {
        var value = _values[ordinal];
        if (value is T typed)
        {
            return typed;
        }
        if (value is null)
        {
            // Reference types and Nullable<> hold NULL; value types cannot, as a data reader refuses DBNull.
            return default(T) is null
                ? default!
                : throw new InvalidCastException($"column '{Columns[ordinal]}' is NULL; read it as {typeof(T).Name}? or check IsNull first");
        }
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (IsNumber(value.GetType()) && IsNumber(target))
        {
            return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        throw new InvalidCastException($"column '{Columns[ordinal]}' ({ColumnSqlTypes[ordinal]}) is a {value.GetType().Name}, not a {typeof(T).Name}");
    }

    /// <summary>The named column's value as <typeparamref name="T"/>, as <see cref="Get{T}(int)"/>.</summary>
    public T Get<T>(string column) => Get<T>(GetOrdinal(column));

    /// <summary>The value as <typeparamref name="T"/>, as <see cref="Get{T}(int)"/> (the name a <c>DbDataReader</c> gives it).</summary>
    public T GetFieldValue<T>(int ordinal) => Get<T>(ordinal);

    /// <summary>The named column's value as <typeparamref name="T"/>, as <see cref="Get{T}(int)"/>.</summary>
    public T GetFieldValue<T>(string column) => Get<T>(GetOrdinal(column));

    /// <summary>The typed values in column order.</summary>
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool IsNumber(Type type) =>
        type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
        || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(byte)
        || type == typeof(double) || type == typeof(float) || type == typeof(decimal);
}
