using System.Text.RegularExpressions;
using DataLocal.Cli.Commands;
using DataLocal.Tests.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataLocal.Tests.Cli;

/// <summary>A role's log file: one timestamped line per entry, rolled over at its size cap, only so many kept.</summary>
public sealed partial class RoleLoggingTests
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): \S+ ")]
    internal static partial Regex LogLine();

    [Fact]
    public void RollingFiles_EveryEntry_OneLineWithTimestampLevelCategoryAndEventId()
    {
        var logFile = Path.Combine(Files.TempDirectory(), "namenode.log");
        using (var factory = Factory(RoleLogging.ToRollingFiles(logFile, 1024 * 1024, 5)))
        {
            factory.CreateLogger("DataLocal.NameNode.Test").LogWarning(new EventId(42, "Test"), "replica of {Block} on {Node} lost\non a second line", 7, "dn-1");
            factory.CreateLogger("Microsoft.AspNetCore.Routing").LogDebug("below the level set: not written");
        }

        var line = Assert.Single(File.ReadAllLines(logFile));
        Assert.Matches(LogLine(), line);
        Assert.EndsWith("warn: DataLocal.NameNode.Test[42] replica of 7 on dn-1 lost on a second line", line, StringComparison.Ordinal);
    }

    [Fact]
    public void RollingFiles_PastTheSizeCap_RollOverAndKeepOnlyTheNewestFiles()
    {
        var directory = Files.TempDirectory();
        using (var factory = Factory(RoleLogging.ToRollingFiles(Path.Combine(directory, "datanode.log"), 4096, 3)))
        {
            var logger = factory.CreateLogger("DataLocal.DataNode.Test");
            for (var i = 0; i < 1000; i++)
            {
                logger.LogInformation("entry {Index} with some padding to fill the file quickly", i);
            }
        }

        var files = Directory.GetFiles(directory, "datanode*.log");
        Assert.Equal(3, files.Length);
        // A file rolls over once an entry takes it past the cap: at most one entry (~100 bytes here) beyond it.
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 4096 + 200));
        // The newest entry survives the deletions; the oldest went with the first files.
        var text = string.Concat(files.Select(File.ReadAllText));
        Assert.Contains("entry 999 ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("entry 0 ", text, StringComparison.Ordinal);
    }

    private static OwnedFactory Factory(Action<ILoggingBuilder> configure)
    {
        var services = new ServiceCollection().AddLogging(logging =>
        {
            configure(logging);
            logging.SetMinimumLevel(LogLevel.Information);
        });
        var provider = services.BuildServiceProvider();
        return new OwnedFactory(provider);
    }

    // Disposing the factory disposes the provider, which flushes and closes the file.
    private sealed class OwnedFactory(ServiceProvider provider) : ILoggerFactory
    {
        private readonly ILoggerFactory _inner = provider.GetRequiredService<ILoggerFactory>();

        public void AddProvider(ILoggerProvider loggerProvider) => _inner.AddProvider(loggerProvider);

        public ILogger CreateLogger(string categoryName) => _inner.CreateLogger(categoryName);

        public void Dispose() => provider.Dispose();
    }
}
