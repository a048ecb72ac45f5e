using DataLocal.Common.Hosting;
using DataLocal.DataNode;
using Microsoft.Extensions.Configuration;

namespace DataLocal.Tests.Hosting;

public sealed class RoleSettingsLoadTests
{
    [Fact]
    public void Load_UnknownEnumWord_OneLineNamingFlagAndAcceptedWords()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("DataNode:TransferCompression", "bogus")])
            .Build();

        var error = Assert.Throws<InvalidSettingException>(() => RoleSettings.Load<DataNodeOptions>(
            configuration, DataNodeOptions.SectionName, new Dictionary<string, string> { ["TransferCompression"] = "--transfer-compression" }));

        Assert.Equal(
            "invalid setting DataNode:TransferCompression (--transfer-compression, DATALOCAL_DataNode__TransferCompression): 'bogus' is not one of auto, lz4, none",
            error.Message);
    }

    [Theory]
    [InlineData("lz4", DataLocal.Common.Grpc.TransferCompressionMode.Lz4)]
    [InlineData("None", DataLocal.Common.Grpc.TransferCompressionMode.None)]
    public void Load_EnumWordAnyCase_Accepted(string word, DataLocal.Common.Grpc.TransferCompressionMode expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("DataNode:TransferCompression", word),
            new("DataNode:NameNodeAddress", "http://127.0.0.1:8020"),
            new("DataNode:Directory", "/tmp/dn"),
            new("DataNode:ClusterSecretFile", "/tmp/dn/cluster-secret"),
        ]).Build();

        Assert.Equal(expected, RoleSettings.Load<DataNodeOptions>(configuration, DataNodeOptions.SectionName).TransferCompression);
    }

    [Fact]
    public void RepeatableFlag_EachValueBecomesAnEntryOfTheListSetting()
    {
        var flags = new DataLocal.Cli.Commands.RoleFlags(DataLocal.NameNode.NameNodeOptions.SectionName);
        var allow = new System.CommandLine.Option<string[]>("--allow-external");
        flags.AddList(allow, nameof(DataLocal.NameNode.NameNodeOptions.AllowExternal));
        var command = new System.CommandLine.RootCommand();
        foreach (var option in flags.Options)
        {
            command.Options.Add(option);
        }

        var parse = command.Parse(["--allow-external", "http://10.0.0.5/", "--allow-external", "https://data.example.com/public/"]);
        var options = RoleSettings.Load<DataLocal.NameNode.NameNodeOptions>(
            new ConfigurationBuilder().AddConfiguration(flags.Settings(parse)).AddInMemoryCollection([new("NameNode:Directory", "/tmp/nn")]).Build(),
            DataLocal.NameNode.NameNodeOptions.SectionName);

        Assert.Equal(["http://10.0.0.5/", "https://data.example.com/public/"], options.AllowExternal);
    }

    [Fact]
    public void Validate_DeadNodeTimeoutUnderTwoHeartbeats_OneLineNamingBothSettings()
    {
        var options = new DataLocal.NameNode.NameNodeOptions
        {
            Directory = "/tmp/nn", HeartbeatInterval = TimeSpan.FromSeconds(3), DeadNodeTimeout = TimeSpan.FromSeconds(5),
        };

        var error = Assert.Throws<InvalidSettingException>(() => RoleSettings.Validate(
            options, DataLocal.NameNode.NameNodeOptions.SectionName, new Dictionary<string, string> { ["DeadNodeTimeout"] = "--dead-node-timeout" }));

        Assert.Equal(
            "invalid setting NameNode:DeadNodeTimeout (--dead-node-timeout, DATALOCAL_NameNode__DeadNodeTimeout): 5 s is shorter than two heartbeat "
            + "intervals (3 s each): live datanodes would be declared dead; raise the dead-node timeout or shorten the heartbeat interval",
            error.Message);
    }

    [Fact]
    public void Validate_Defaults_HeartbeatEveryThreeSecondsDeadAfterThirty()
    {
        var options = new DataLocal.NameNode.NameNodeOptions { Directory = "/tmp/nn" };

        RoleSettings.Validate(options, DataLocal.NameNode.NameNodeOptions.SectionName);

        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30)), (options.HeartbeatInterval, options.DeadNodeTimeout));
    }

    [Fact]
    public void Load_SpeculationQuantileOverOne_OneLineNamingFlagAndVariable()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("NameNode:Directory", "/tmp/nn"),
            new("NameNode:Speculation", "true"),
            new("NameNode:SpeculationQuantile", "1.5"),
        ]).Build();

        var error = Assert.Throws<InvalidSettingException>(() => RoleSettings.Load<DataLocal.NameNode.NameNodeOptions>(
            configuration, DataLocal.NameNode.NameNodeOptions.SectionName, new Dictionary<string, string> { ["SpeculationQuantile"] = "--speculation-quantile" }));

        Assert.StartsWith("invalid setting NameNode:SpeculationQuantile (--speculation-quantile, DATALOCAL_NameNode__SpeculationQuantile)", error.Message, StringComparison.Ordinal);
    }
}
