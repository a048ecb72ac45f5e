using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace DataLocal.Common.Hosting;

/// <summary>
/// Where a role's settings come from, weakest first: the defaults written in its options class, a
/// JSON settings file (<c>--config</c>), <c>DATALOCAL_</c> environment variables, then the
/// command-line flags the user gave. A setting is named as a configuration key
/// (<c>NameNode:LocalityWait</c>); in the environment, <c>DATALOCAL_</c> then the key with
/// <c>__</c> for <c>:</c> (<c>DATALOCAL_NameNode__LocalityWait</c>).
/// </summary>
public static class RoleSettings
{
    public const string EnvironmentPrefix = "DATALOCAL_";

    /// <summary>Layers the sources; <paramref name="environment"/> defaults to this process's environment.</summary>
    public static IConfiguration Build(string? settingsFile, IReadOnlyDictionary<string, string?> flags, IDictionary? environment = null)
    {
        var builder = new ConfigurationBuilder();
        if (settingsFile is not null)
        {
            var path = Path.GetFullPath(settingsFile);
            if (!File.Exists(path))
            {
                throw new InvalidSettingException($"settings file {settingsFile} does not exist");
            }
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        builder.AddInMemoryCollection(FromEnvironment(environment ?? Environment.GetEnvironmentVariables()));
        builder.AddInMemoryCollection(flags);
        try
        {
            return builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new InvalidSettingException($"settings file {settingsFile} is not valid JSON: {FirstLine(ex.InnerException?.Message ?? ex.Message)}", ex);
        }
    }

    /// <summary>
    /// Binds and validates one role's section. Throws <see cref="InvalidSettingException"/> naming the
    /// first bad setting, with its flag when <paramref name="flagNames"/> (property name to flag) has one.
    /// </summary>
    public static T Load<T>(IConfiguration configuration, string section, IReadOnlyDictionary<string, string>? flagNames = null)
        where T : new()
    {
        var options = new T();
        try
        {
            // Unknown keys are typos: better refused than silently ignored.
            configuration.GetSection(section).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidSettingException(UnconvertibleValue<T>(ex, section, flagNames) ?? $"invalid setting in section {section}: {FirstLine(ex.Message)}", ex);
        }
        Validate(options, section, flagNames);
        return options;
    }

    // The binder names a value it could not convert by its .NET type; a user needs the accepted words.
    private static string? UnconvertibleValue<T>(InvalidOperationException ex, string section, IReadOnlyDictionary<string, string>? flagNames)
    {
        var match = System.Text.RegularExpressions.Regex.Match(ex.Message, "^Failed to convert configuration value '(?<value>.*)' at '[^':]+:(?<member>[^':]+)'");
        if (!match.Success || typeof(T).GetProperty(match.Groups["member"].Value)?.PropertyType is not { IsEnum: true } type)
        {
            return null;
        }
        var member = match.Groups["member"].Value;
        var flag = flagNames?.GetValueOrDefault(member) is { } name ? $"{name}, " : string.Empty;
        var accepted = string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        return $"invalid setting {section}:{member} ({flag}{EnvironmentPrefix}{section}__{member}): '{match.Groups["value"].Value}' is not one of {accepted}";
    }

    /// <summary>Checks every validation attribute of the options; throws for the first that fails.</summary>
    public static void Validate(object options, string section, IReadOnlyDictionary<string, string>? flagNames = null)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return;
        }
        var failure = results[0];
        var member = failure.MemberNames.FirstOrDefault() ?? "?";
        var flag = flagNames?.GetValueOrDefault(member) is { } name ? $"{name}, " : string.Empty;
        throw new InvalidSettingException(
            $"invalid setting {section}:{member} ({flag}{EnvironmentPrefix}{section}__{member}): {failure.ErrorMessage}");
    }

    /// <summary>Copies every settable property, so a new option cannot be forgotten by a hand-written copy.</summary>
    public static void CopyAll<T>(T from, T to)
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }

    private static Dictionary<string, string?> FromEnvironment(IDictionary environment)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            // Only names with a section (DATALOCAL_Section__Key): DATALOCAL_NAMENODE, the CLI's
            // namenode address, is not a setting.
            if (entry.Key is string name && name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Contains("__", StringComparison.Ordinal))
            {
                settings[name[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
            }
        }
        return settings;
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
