namespace DataLocal.Common.Security;

/// <summary>Turns a presented credential into who holds it, or null when it is nobody's.</summary>
public interface ICallerAuthenticator
{
    ValueTask<CallerIdentity?> AuthenticateAsync(string credential, CancellationToken cancellationToken);
}
