using System.Text.RegularExpressions;
using DataLocal.Common.Security;
using DataLocal.NameNode.Persistence;

namespace DataLocal.NameNode.Security;

/// <summary>The namenode's users: adding one (its token is returned once), removing, listing, and checking a token.</summary>
public sealed partial class UserDirectory(MetadataStore store, TimeProvider time)
{
    /// <summary>The user `cluster start` (or a namenode's first start) creates, holding the first admin token.</summary>
    public const string FirstAdmin = "admin";

    private readonly Lock _lock = new();

    // Every call is authenticated: users are looked up in memory, read from LiteDB again only after a change.
    private Dictionary<string, UserRecord>? _byTokenId;

    private Dictionary<string, IReadOnlySet<string>>? _groupsByName;

    private static readonly IReadOnlySet<string> NoGroups = new HashSet<string>();

    /// <summary>Adds a user and returns their token; throws <see cref="UserException"/> for a bad or taken name.</summary>
    public string Add(string name, bool admin, IReadOnlyList<string>? groups = null)
    {
        if (!ValidName().IsMatch(name))
        {
            throw new UserException($"invalid user name '{name}': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        foreach (var group in groups ?? [])
        {
            if (!ValidName().IsMatch(group))
            {
                throw new UserException($"invalid group name '{group}': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
        }
        var token = UserToken.Create();
        return Insert(name, admin, token, groups ?? []) ? token : throw new UserException($"user {name} already exists");
    }

    /// <summary>The groups <paramref name="name"/> is a member of (none for an unknown user).</summary>
    public IReadOnlySet<string> GroupsOf(string name)
    {
        lock (_lock)
        {
            _groupsByName ??= store.AllUsers().ToDictionary(u => u.Name, u => (IReadOnlySet<string>)u.Groups.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            return _groupsByName.GetValueOrDefault(name) ?? NoGroups;
        }
    }

    /// <summary>Removes a user; throws <see cref="UserException"/> when there is none of that name.</summary>
    public void Remove(string name)
    {
        if (!store.RemoveUser(name))
        {
            throw new UserException($"no user {name}");
        }
        Forget();
    }

    public IReadOnlyList<UserRecord> List() => store.AllUsers();

    /// <summary>The user holding <paramref name="token"/>, or null when it is nobody's.</summary>
    public CallerIdentity? Authenticate(string token)
    {
        var tokenId = UserToken.IdOf(token);
        var user = tokenId is null ? null : ByTokenId().GetValueOrDefault(tokenId);
        return user is not null && UserToken.Matches(token, user.Salt, user.TokenHash)
            ? new CallerIdentity(user.Name, user.Admin, IsClusterMember: false)
            : null;
    }

    /// <summary>
    /// On a namenode with no users yet, makes <paramref name="token"/> (from the admin token file) the
    /// token of the admin user <see cref="FirstAdmin"/>; returns whether it did.
    /// </summary>
    public bool AddFirstAdmin(string token)
    {
        if (store.CountUsers() > 0)
        {
            return false;
        }
        return Insert(FirstAdmin, admin: true, token, [Superuser.Group]);
    }

    private bool Insert(string name, bool admin, string token, IReadOnlyList<string> groups)
    {
        var (tokenId, salt, hash) = UserToken.Protect(token) ?? throw new UserException("not a user token (they start dlu_)");
        var added = store.AddUser(new UserRecord
        {
            Name = name, Admin = admin, TokenId = tokenId, Salt = salt, TokenHash = hash, CreatedUtc = time.GetUtcNow().UtcDateTime, Groups = [.. groups.Distinct(StringComparer.Ordinal)],
        });
        Forget();
        return added;
    }

    private Dictionary<string, UserRecord> ByTokenId()
    {
        lock (_lock)
        {
            return _byTokenId ??= store.AllUsers().ToDictionary(u => u.TokenId, StringComparer.Ordinal);
        }
    }

    private void Forget()
    {
        lock (_lock)
        {
            _byTokenId = null;
            _groupsByName = null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();
}
