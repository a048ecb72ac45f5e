using BenchmarkDotNet.Running;

// `dotnet run -c Release --project benchmarks/DataLocal.Benchmarks -- --filter '*'` runs them all;
// results land in BenchmarkDotNet.Artifacts/results and are copied to benchmarks/results/.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
