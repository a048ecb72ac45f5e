using DataLocal.Client;
using DataLocal.Client.Writing;
using DataLocal.Tests.Cluster;

namespace DataLocal.Tests.Library;

/// <summary>Failures come as typed exceptions a program can catch, each still one line.</summary>
[Collection(SharedClusterDefinition.Name)]
public sealed class LibraryErrorsTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task MissingPath_IsDataLocalFileNotFoundException()
    {
        using var client = fixture.Cluster.CreateClient();

        var error = await Assert.ThrowsAsync<DataLocalFileNotFoundException>(() => client.OpenReadAsync("/lib-errors/no-such-file"));

        Assert.Contains("/lib-errors/no-such-file", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DataLocalFileNotFoundException>(() => client.RenameAsync("/lib-errors/no-such-file", "/lib-errors/elsewhere"));
    }

    [Fact]
    public async Task PutOverExistingFile_IsDataLocalAlreadyExistsException()
    {
        using var client = fixture.Cluster.CreateClient();
        await using (var first = new MemoryStream([1]))
        {
            await client.PutAsync(first, "/lib-errors/exists.bin", new PutOptions(Overwrite: true));
        }

        await using var second = new MemoryStream([2]);
        await Assert.ThrowsAsync<DataLocalAlreadyExistsException>(() => client.PutAsync(second, "/lib-errors/exists.bin"));
    }

    [Fact]
    public async Task OrdinaryUserWritingIntoAnotherUsersDirectory_IsDataLocalPermissionDeniedException()
    {
        using var admin = fixture.Cluster.CreateClient();
        await admin.MkdirsAsync("/lib-errors/admins-only", parents: true);
        await admin.SetPermissionAsync("/lib-errors/admins-only", "755");
        using var user = fixture.Cluster.CreateClient(await admin.AddUserAsync("lib-" + Guid.NewGuid().ToString("N")[..6], admin: false));

        var error = await Assert.ThrowsAsync<DataLocalPermissionDeniedException>(() => user.MkdirsAsync("/lib-errors/admins-only/mine", parents: false));

        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task NoToken_IsDataLocalAuthenticationException()
    {
        using var anonymous = fixture.Cluster.CreateClient(token: null);

        await Assert.ThrowsAsync<DataLocalAuthenticationException>(() => anonymous.StatAsync("/"));
    }

    [Fact]
    public async Task ChangeInSafeMode_IsDataLocalSafeModeException_AndWorksAfterLeaving()
    {
        using var client = fixture.Cluster.CreateClient();
        await client.SafeModeAsync("enter");
        try
        {
            var error = await Assert.ThrowsAsync<DataLocalSafeModeException>(() => client.MkdirsAsync("/lib-errors/in-safe-mode", parents: true));
            Assert.Contains("safe mode", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await client.SafeModeAsync("leave");
        }
        await client.MkdirsAsync("/lib-errors/in-safe-mode", parents: true);
    }

    [Fact]
    public async Task UnreachableNameNode_IsNameNodeUnreachableException_WithoutCliWording()
    {
        using var client = new DataLocalClient("http://127.0.0.1:1");

        var error = await Assert.ThrowsAsync<NameNodeUnreachableException>(() => client.StatAsync("/"));

        Assert.Equal("http://127.0.0.1:1", error.Address);
        Assert.DoesNotContain("datalocal ", error.Message, StringComparison.Ordinal);
    }
}
