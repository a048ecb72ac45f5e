using System.Text;
using DataLocal.NameNode.Persistence;
using DataLocal.NameNode.Security;
using DataLocal.Testing;

namespace DataLocal.Tests.Security;

/// <summary>The namenode keeps a salted hash of each token, never the token: its database file holds no token it issued.</summary>
public sealed class TokenStorageTests
{
    [Fact]
    public async Task NamenodeDatabase_AfterUsersAdded_HoldsNoTokenItIssued()
    {
        var tokens = new List<string>();
        string databaseFile;
        await using (var cluster = await InProcessCluster.StartAsync(datanodes: 0))
        {
            using var admin = cluster.CreateClient();
            tokens.Add(cluster.AdminToken);
            for (var i = 0; i < 3; i++)
            {
                tokens.Add(await admin.AddUserAsync($"user{i}", admin: i == 0));
            }
            databaseFile = Path.Combine(cluster.Root, "namenode", MetadataStore.FileName);
            await cluster.StopNameNodeAsync();
            var bytes = File.ReadAllBytes(databaseFile);

            foreach (var token in tokens)
            {
                // The secret part (after the public id) in UTF-8 and UTF-16, as a .NET or LiteDB string could be stored.
                var secret = SecretRandomPart.Of(token);
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)));
            }
            // The users are there: the search looked at the right file.
            Assert.True(bytes.AsSpan().IndexOf("user2"u8) >= 0);
            await cluster.StartNameNodeAsync();
        }
    }

    [Fact]
    public void UserDirectory_SameTokenTwice_StoresDifferentSaltsAndHashes()
    {
        using var first = MetadataStore.InMemory();
        using var second = MetadataStore.InMemory();
        var token = UserToken.Create();

        new UserDirectory(first, TimeProvider.System).AddFirstAdmin(token);
        new UserDirectory(second, TimeProvider.System).AddFirstAdmin(token);
        var a = first.AllUsers().Single();
        var b = second.AllUsers().Single();

        Assert.NotEqual(a.Salt, b.Salt);
        Assert.NotEqual(a.TokenHash, b.TokenHash);
        Assert.NotNull(new UserDirectory(first, TimeProvider.System).Authenticate(token));
    }

    [Fact]
    public void Authenticate_TokenWithRightIdButOneCharacterChanged_IsNobody()
    {
        using var store = MetadataStore.InMemory();
        var users = new UserDirectory(store, TimeProvider.System);
        var token = users.Add("frank", admin: false);
        var last = token[^1] == 'A' ? 'B' : 'A';

        Assert.Equal("frank", users.Authenticate(token)?.Name);
        Assert.Null(users.Authenticate(token[..^1] + last));
        Assert.Null(users.Authenticate(token + "x"));
        Assert.Null(users.Authenticate(""));
    }
}
