using DataLocal.Common.Security;

namespace DataLocal.NameNode.Security;

/// <summary>
/// Makes sure a fresh namenode has someone who can run it: with no users yet, the token in the admin
/// token file (created, owner-only, when missing) becomes the admin user's. `cluster start` writes that
/// file itself, where the CLI looks for a token, so a local cluster works with one command.
/// </summary>
public static class FirstAdminToken
{
    /// <summary>Returns true when it created the admin user.</summary>
    public static bool Ensure(UserDirectory users, string tokenFile)
    {
        if (users.List().Count > 0)
        {
            return false;
        }
        if (!File.Exists(tokenFile))
        {
            try
            {
                SecretFile.Create(tokenFile, UserToken.Create());
            }
            catch (IOException) when (File.Exists(tokenFile))
            {
                // Written by another process in the meantime: use it.
            }
        }
        return users.AddFirstAdmin(SecretFile.Read(tokenFile));
    }
}
