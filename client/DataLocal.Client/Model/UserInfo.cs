namespace DataLocal.Client.Model;

/// <summary>A user of the cluster as `admin user list` shows them: never their token.</summary>
public sealed record UserInfo(string Name, bool Admin, DateTimeOffset Created, IReadOnlyList<string> Groups);
