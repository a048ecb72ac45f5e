namespace DataLocal.Common.Query;

/// <summary>
/// Group-by key values with value equality; NULL equals NULL here because NULL is its own group.
/// Values of one key column share a type within a file, so plain object equality suffices.
/// </summary>
public readonly struct GroupKey(IReadOnlyList<object?> values) : IEquatable<GroupKey>
{
    public IReadOnlyList<object?> Values { get; } = values;

    public bool Equals(GroupKey other)
    {
        if (Values.Count != other.Values.Count)
        {
            return false;
        }
        for (var i = 0; i < Values.Count; i++)
        {
            if (!Equals(Values[i], other.Values[i]))
            {
                return false;
            }
        }
        return true;
    }

    public override bool Equals(object? obj) => obj is GroupKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value);
        }
        return hash.ToHashCode();
    }

    public static bool operator ==(GroupKey left, GroupKey right) => left.Equals(right);

    public static bool operator !=(GroupKey left, GroupKey right) => !left.Equals(right);
}
