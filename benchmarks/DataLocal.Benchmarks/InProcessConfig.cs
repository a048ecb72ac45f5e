using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DataLocal.Benchmarks;

/// <summary>
/// Runs benchmarks in this process (the cluster under test lives here too), with few iterations:
/// each operation moves tens of megabytes, so a handful of samples gives a stable mean.
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(8)
            .WithUnrollFactor(1)
            .WithInvocationCount(1));
        AddColumn(BaselineRatioColumn.RatioMean);
        WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
