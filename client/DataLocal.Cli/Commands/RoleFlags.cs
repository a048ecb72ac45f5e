using System.CommandLine;
using System.Globalization;
using DataLocal.Common.Hosting;
using Microsoft.Extensions.Configuration;

namespace DataLocal.Cli.Commands;

/// <summary>
/// The flags of a role command, each tied to one setting of the role's section. A flag overrides its
/// setting only when the user gave it: the defaults live in the options class alone, so a value from
/// the settings file or the environment is never overwritten by a flag nobody typed.
/// </summary>
public sealed class RoleFlags(string section)
{
    private static readonly Option<string?> ConfigFile = new("--config")
    {
        Description = $"JSON settings file, e.g. {{ \"NameNode\": {{ \"Port\": 8020 }} }}; {RoleSettings.EnvironmentPrefix}Section__Setting variables override it, flags override both",
    };

    private readonly List<(Option Option, string Property, Func<ParseResult, string?> Read)> _flags = [];
    private readonly List<(Option<string[]> Option, string Property)> _listFlags = [];

    public IEnumerable<Option> Options => [.. _flags.Select(f => f.Option), .. _listFlags.Select(f => f.Option), ConfigFile];

    /// <summary>Flag names by setting, for error messages.</summary>
    public IReadOnlyDictionary<string, string> Names =>
        _flags.Select(f => (f.Property, f.Option.Name)).Concat(_listFlags.Select(f => (f.Property, f.Option.Name))).ToDictionary(f => f.Property, f => f.Name);

    /// <summary>Ties a repeatable flag to a list setting: given, its values become entries 0, 1, … of the list (Section:Setting:0, :1, …), over those of a settings file.</summary>
    public void AddList(Option<string[]> option, string property)
    {
        option.AllowMultipleArgumentsPerToken = false;
        _listFlags.Add((option, property));
    }

    /// <summary>Ties a flag to a setting; <paramref name="toSetting"/> turns its value into the setting's text (invariant, TimeSpans as c).</summary>
    public void Add<T>(Option<T> option, string property, Func<T, object?>? toSetting = null) =>
        _flags.Add((option, property, parse =>
        {
            var value = parse.GetValue(option);
            return Format(toSetting is null || value is null ? value : toSetting(value));
        }));

    /// <summary>The role's layered settings: defaults, --config file, environment, then the flags given.</summary>
    public IConfiguration Settings(ParseResult parse, IEnumerable<KeyValuePair<string, string?>>? moreFlags = null)
    {
        var given = _flags.Where(f => parse.GetResult(f.Option) is { Implicit: false })
            .ToDictionary(f => $"{section}:{f.Property}", f => f.Read(parse));
        foreach (var (option, property) in _listFlags.Where(f => parse.GetResult(f.Option) is { Implicit: false }))
        {
            var values = parse.GetValue(option) ?? [];
            for (var i = 0; i < values.Length; i++)
            {
                given[string.Create(CultureInfo.InvariantCulture, $"{section}:{property}:{i}")] = values[i];
            }
        }
        foreach (var (key, value) in moreFlags ?? [])
        {
            given[key] = value;
        }
        return RoleSettings.Build(parse.GetValue(ConfigFile), given);
    }

    private static string? Format(object? value) => value switch
    {
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };
}
