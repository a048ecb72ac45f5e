using System.Globalization;

namespace DataLocal.NamenodeBench;

/// <summary>The benchmark's command line.</summary>
public sealed record Options(IReadOnlyList<int> Blocks, int BlocksPerFile, int Callers, double Seconds, string Name, int? One)
{
    public static Options Parse(string[] args)
    {
        var options = new Options([10_000, 1_000_000], 10, 8, 5, "NamenodeScale", null);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--blocks" => options with { Blocks = [.. value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))] },
                "--blocks-per-file" => options with { BlocksPerFile = int.Parse(value, CultureInfo.InvariantCulture) },
                "--callers" => options with { Callers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => options with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--name" => options with { Name = value },
                "--one" => options with { One = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }
        return options;
    }
}
