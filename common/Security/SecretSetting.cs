using DataLocal.Common.Hosting;

namespace DataLocal.Common.Security;

/// <summary>Reads a role's secret file at start-up, so a missing or exposed one stops the role with one line naming its flag.</summary>
public static class SecretSetting
{
    public static T Read<T>(Func<T> read, string flag)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is SecretFileException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException($"{flag}: {ex.Message}", ex);
        }
    }
}
